package io.persona.models.ranking;

import io.persona.models.artifact.ModelArtifact;
import io.persona.models.artifact.ModelMetadata;
import io.persona.models.calibration.IdentityCalibrator;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.ItemStats;
import io.persona.models.features.StandardFeatures;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.features.LabeledExamples;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.models.ranking.training.TrainingSettings;
import io.persona.models.synthetic.SyntheticWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RankerServingTest {
  private final FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), ProfileSettings.defaults());
  private LabeledExamples examples;
  private ModelArtifact model;

  @BeforeAll
  void train() throws Exception {
    SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(16), ProfileSettings.defaults());
    examples = SyntheticWorld.encode(spec, world.sample(5_000, 9));
    model = new RankerFitting(spec, FittingSettings.defaults().withTraining(new TrainingSettings(256, 1, 1, 0.002f, 0.3f, 1)))
        .fitNetwork(DcnV2Architecture.defaults(), examples, ModelLineage.fresh("serving"));
  }

  @Test
  void manyThreadsScoreConcurrentlyAndGetTheSequentialAnswer() throws Exception {
    List<FeatureBatch> requests = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      requests.add(examples.features().slice(i * 300, i * 300 + 300));
    }
    try (Ranker ranker = Rankers.load(model, spec)) {
      List<double[]> sequential = requests.stream().map(b -> ranker.score(b).calibrated()).toList();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<double[]>> concurrent = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
          for (FeatureBatch b : requests) {
            concurrent.add(pool.submit(() -> ranker.score(b).calibrated()));
          }
        }
        for (int i = 0; i < concurrent.size(); i++) {
          assertArrayEquals(sequential.get(i % requests.size()), concurrent.get(i).get());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aBatchOfTheWrongShapeOrAClosedRankerFailsClearly() {
    Ranker ranker = Rankers.load(model, spec);
    FeatureBatch narrow = new FeatureBatch(1, 2, 1, new float[2], new long[1], new String[] {"x"});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ranker.score(narrow));
    assertTrue(e.getMessage().contains("expects"), e.getMessage());
    ranker.close();
    assertThrows(IllegalStateException.class, () -> ranker.score(examples.features().slice(0, 1)));
  }

  @Test
  void popularityFromLiveStatisticsRanksByShrunkClickRate() {
    byte[] table = PopularityRanker.table(
        Map.of("a", new ItemStats(1_000, 100, 0), "b", new ItemStats(10, 5, 0)), 0.02, 100);
    ModelMetadata metadata = new ModelMetadata(ModelMetadata.CURRENT_FORMAT, "pop", PopularityRanker.KIND, null,
        spec.name(), spec.fingerprint(), spec.denseColumns(), spec.sparseColumns(), null, null, null, null, 0, 1.0,
        new IdentityCalibrator(), Map.of(), null);
    Ranker ranker = Rankers.load(new ModelArtifact(metadata, table), spec);
    FeatureBatch batch = new FeatureBatch(3, 0, 0, new float[0], new long[0], new String[] {"a", "b", "unknown"});
    Scores s = ranker.score(batch);
    // a: (100 + 2) / 1100; b: (5 + 2) / 110, a lucky 50% shrunk towards the 2% prior; unknown: the prior.
    assertEquals(102.0 / 1100, s.calibrated()[0], 1e-12);
    assertEquals(7.0 / 110, s.calibrated()[1], 1e-12);
    assertEquals(0.02, s.calibrated()[2], 1e-12);
  }
}
