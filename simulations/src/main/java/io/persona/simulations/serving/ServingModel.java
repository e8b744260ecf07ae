package io.persona.simulations.serving;

import io.persona.actors.node.RankingConfig;
import com.typesafe.config.Config;
import io.persona.actors.node.NodeConfig;
import io.persona.actors.user.UserEntitySettings;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.models.ranking.training.RankingSettings;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.models.synthetic.SyntheticWorld;

import java.nio.file.Path;

/**
 * Trains the DCN the serving benchmark ranks with: the node's own feature spec (from the same
 * configuration profile, so the fingerprint matches) and the configured architecture, fitted on
 * the synthetic world. Usage: {@code ServingModel <artifact.zip> [examples]}.
 */
public final class ServingModel {
  private ServingModel() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "simulations/target/serving-model.zip");
    int examples = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Config config = NodeConfig.load(System.getenv().getOrDefault("PERSONA_PROFILE", "local"));
    RankingSettings ranking = RankingConfig.read(config.getConfig("persona.ranking"));
    FeatureSpec spec = StandardFeatures.spec(ranking.features(), UserEntitySettings.fromConfig(config).profileSettings());
    SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(ranking.features().embeddingDimension()),
        spec.profileSettings());
    long start = System.nanoTime();
    ModelArtifact model = new RankerFitting(spec, ranking.fitting())
        .fitNetwork(ranking.dcn(), SyntheticWorld.encode(spec, world.sample(examples, 42)),
            ModelLineage.fresh("dcn-bench-" + spec.fingerprint().substring(0, 8)));
    model.writeTo(out);
    System.out.printf("Trained %s on %,d synthetic examples in %.1f s: %s%n", model.version(), examples,
        (System.nanoTime() - start) / 1e9, out.toAbsolutePath());
  }
}
