package io.persona.simulations.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.persona.simulations.BenchmarkMachine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes simulations/results/scale-out.json and prints the headline figures. */
final class ScaleReport {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ScaleReport() {}

  static Path write(ScaleOptions options, Map<String, Object> setup, List<PhaseFigures> phases) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "scale-out");
    json.put("measuredAt", Instant.now().toString());
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", BenchmarkMachine.cores());
    machine.put("cpu", BenchmarkMachine.cpuModel());
    machine.put("java", System.getProperty("java.version"));
    machine.put("note", options.nodeCpus() > 0
        ? "each Persona node in a CPU quota of " + options.nodeCpus() + " cores (cgroup v1); Cassandra and the load "
            + "generator outside the quotas, on the same machine"
        : "Cassandra, every Persona node and the load generator share the machine's cores");
    json.put("machine", machine);
    json.put("options", options(options));
    json.put("setup", setup);
    json.put("phases", phases.stream().map(ScaleReport::phase).toList());
    PhaseFigures one = phases.get(0);
    Map<String, Object> ratios = new LinkedHashMap<>();
    for (PhaseFigures phase : phases.subList(1, phases.size())) {
      Map<String, Object> ratio = new LinkedHashMap<>();
      ratio.put("ingest", round(phase.ingest().throughputRatio(one.ingest()), 3));
      ratio.put("recommend", round(phase.recommend().throughputRatio(one.recommend()), 3));
      ratios.put(phase.nodes() + "/1", ratio);
    }
    ratios.put("meaning", "throughput with n nodes / with 1 node, medians of the measured runs, same offered load");
    json.put("ratios", ratios);
    Path out = Paths.get(System.getProperty("bench.results", "simulations/results"))
        .resolve(System.getProperty("bench.name", "scale-out") + ".json");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, MAPPER.writeValueAsString(json) + "\n");
    return out;
  }

  static void print(List<PhaseFigures> phases) {
    System.out.printf("%n== Scale-out (%d cores, %s; Cassandra, nodes and load generator on the same machine) ==%n",
        BenchmarkMachine.cores(), BenchmarkMachine.cpuModel());
    for (PhaseFigures phase : phases) {
      System.out.printf("%d node%s  ingest events    %s%n", phase.nodes(), phase.nodes() == 1 ? " " : "s", phase.ingest());
      System.out.printf("         recommendations  %s%n", phase.recommend());
    }
    PhaseFigures one = phases.get(0);
    for (PhaseFigures phase : phases.subList(1, phases.size())) {
      System.out.printf("ratio %d nodes / 1 node: ingest %.2f, recommend %.2f%n", phase.nodes(),
          phase.ingest().throughputRatio(one.ingest()), phase.recommend().throughputRatio(one.recommend()));
    }
  }

  private static Map<String, Object> options(ScaleOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", o.dataset().items());
    m.put("categories", o.dataset().categories());
    m.put("users", o.dataset().users());
    m.put("eventsPerUser", o.dataset().eventsPerUser());
    m.put("ingestConcurrency", o.ingestConcurrency());
    m.put("batchSize", o.batchSize());
    m.put("recommendConcurrency", o.recommendConcurrency());
    m.put("k", o.k());
    m.put("warmupSeconds", o.warmup().toSeconds());
    m.put("measureSeconds", o.measure().toSeconds());
    m.put("repetitions", o.repetitions());
    m.put("nodeHeap", o.nodeHeap());
    m.put("nodes", o.nodes());
    m.put("nodeCpus", o.nodeCpus());
    return m;
  }

  private static Map<String, Object> phase(PhaseFigures phase) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodes", phase.nodes());
    m.put("ingest", workload(phase.ingest(), "eventsPerSecond",
        "per event: the latency of its batch (an event is acknowledged once its whole batch is persisted)"));
    m.put("recommend", workload(phase.recommend(), "recommendationsPerSecond", "per request"));
    m.put("shardsBefore", shards(phase.membersBefore()));
    m.put("shardsAfter", shards(phase.membersAfter()));
    if (!phase.cpuStat().isEmpty()) {
      m.put("cpuStat", phase.cpuStat());
    }
    return m;
  }

  private static Map<String, Object> workload(WorkloadFigures figures, String unit, String latencyMeaning) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(unit, Math.round(figures.perSecond()));
    m.put("latencyP50Ms", round(figures.p50Millis(), 2));
    m.put("latencyP99Ms", round(figures.p99Millis(), 2));
    m.put("latencyMeasures", latencyMeaning + "; successful requests; median of the runs' percentiles");
    m.put("failures", figures.failures());
    m.put("runs", figures.repetitions().stream().map(run -> run(run, unit)).toList());
    return m;
  }

  private static Map<String, Object> run(LoadResult run, String unit) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(unit, Math.round(run.unitsPerSecond()));
    m.put("requests", run.requests());
    m.put("failures", run.failures());
    m.put("seconds", round(run.seconds(), 1));
    m.put("latencyP50Ms", round(run.p50Millis(), 2));
    m.put("latencyP99Ms", round(run.p99Millis(), 2));
    if (run.firstFailure() != null) {
      m.put("firstFailure", run.firstFailure());
    }
    return m;
  }

  private static Map<String, Object> shards(Map<String, ClusterWatch.Member> members) {
    Map<String, Object> m = new LinkedHashMap<>();
    members.forEach((address, member) -> m.put(address, member.shards()));
    return m;
  }

  private static Object round(double value, int decimals) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
