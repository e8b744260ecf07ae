package io.persona.simulations.ranking;

import io.persona.simulations.BenchmarkMachine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.network.Networks;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.features.LabeledExamples;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.models.synthetic.SyntheticWorld;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.util.Statistics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ranker's speed: trains the default DCN on synthetic data (training examples/s, model size),
 * then scores 500 candidates per call under JMH with 1 and 2 caller threads (p50, p99,
 * candidates/s). Writes simulations/results/ranking.json.
 */
public final class ModelBenchmarks {
  private static final int CANDIDATES = 500;

  private ModelBenchmarks() {}

  public static void main(String[] args) throws Exception {
    FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), ProfileSettings.defaults());
    SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(16), ProfileSettings.defaults());
    LabeledExamples examples = SyntheticWorld.encode(spec, world.sample(Integer.getInteger("bench.examples", 60_000), 1));
    FittingSettings defaults = FittingSettings.defaults();
    FittingSettings settings = defaults.withTraining(defaults.training().withMaxEpochs(Integer.getInteger("bench.epochs", 3)));
    ModelArtifact model = new RankerFitting(spec, settings)
        .fitNetwork(DcnV2Architecture.defaults(), examples, ModelLineage.fresh("bench-dcn"));
    Path modelFile = Paths.get("simulations/target/bench-dcn.model");
    model.writeTo(modelFile);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "ranking");
    json.put("measuredAt", Instant.now().toString());
    json.put("machine", Map.of("cores", BenchmarkMachine.cores(), "cpu", BenchmarkMachine.cpuModel()));
    json.put("architecture", DcnV2Architecture.defaults());
    json.put("featureColumns", Map.of("dense", spec.denseWidth(), "sparse", spec.sparseWidth()));
    json.put("parameters", parameterCount(model, spec));
    json.put("artifactBytes", model.toBytes().length);
    json.put("trainingExamplesPerSecond", Math.round(model.metadata().metrics().get("train.examples_per_second")));
    json.put("trainingNote", "mini-batches of " + settings.training().batchSize()
        + ", Adam for dense layers + SGD for the embedding table, one intra-op thread");

    List<Map<String, Object>> runs = new ArrayList<>();
    for (int threads : new int[] {1, 2}) {
      for (RunResult result : run(threads, modelFile)) {
        Statistics stats = result.getPrimaryResult().getStatistics();
        String benchmark = result.getParams().getBenchmark();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", benchmark.substring(benchmark.lastIndexOf('.') + 1));
        r.put("threads", threads);
        r.put("candidates", CANDIDATES);
        r.put("p50Ms", round(stats.getPercentile(50)));
        r.put("p99Ms", round(stats.getPercentile(99)));
        r.put("meanMs", round(stats.getMean()));
        r.put("candidatesPerSecond", Math.round(threads * CANDIDATES / (stats.getMean() / 1000)));
        runs.add(r);
        System.out.println(r);
      }
    }
    json.put("scoring", runs);
    Path out = Paths.get("simulations/results/ranking.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    System.out.println("Wrote " + out.toAbsolutePath());
  }

  private static Collection<RunResult> run(int threads, Path model) throws Exception {
    Options options = new OptionsBuilder()
        .include(ScoringBenchmark.class.getName())
        .mode(Mode.SampleTime)
        .timeUnit(TimeUnit.MILLISECONDS)
        .threads(threads)
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(3))
        .jvmArgsAppend("-Xmx1g", "-Dbench.model=" + model.toAbsolutePath(),
            "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1", "-Dai.djl.offline=true")
        .build();
    return new Runner(options).run();
  }

  private static long parameterCount(ModelArtifact model, FeatureSpec spec) throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Block network = Networks.instantiate(model.metadata().architecture(), spec, manager, model.parameters());
      long count = 0;
      for (Pair<String, Parameter> p : network.getParameters()) {
        count += p.getValue().getArray().size();
      }
      return count;
    }
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
