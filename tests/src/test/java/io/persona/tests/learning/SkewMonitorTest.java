package io.persona.tests.learning;

import io.persona.models.artifact.ModelArtifact;
import io.persona.models.evaluation.ModelEvaluation;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.LabeledExamples;
import io.persona.models.features.StandardFeatures;
import io.persona.models.learning.TrainingExample;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import io.persona.models.ranking.Scores;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.ranking.training.TrainingSettings;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.models.synthetic.SyntheticWorld;
import io.persona.streams.learning.LoggedRankers;
import io.persona.streams.learning.TrainingMonitors;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The skew monitor re-scores each held-out row with the model that served it, not only the rows of
 * the model serving now: after a few promotions most joined rows were served by an earlier one.
 */
class SkewMonitorTest {
  private final FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), ProfileSettings.defaults());
  private final SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(16), ProfileSettings.defaults());
  private final RankerFitting fitting = new RankerFitting(spec, FittingSettings.defaults());

  private ModelArtifact popularity(String version, long seed) {
    return fitting.fitPopularity(SyntheticWorld.encode(spec, world.sample(3_000, seed)), ModelLineage.fresh(version), 10);
  }

  /** Held-out rows as the join writes them: the served model's version and raw score, the vector it scored. */
  private List<TrainingExample> servedBy(ModelArtifact model, LabeledExamples rows, String version) {
    Scores scores;
    try (Ranker ranker = Rankers.load(model, spec)) {
      scores = ModelEvaluation.score(ranker, rows);
    }
    FeatureBatch batch = rows.features();
    int d = spec.denseWidth();
    int s = spec.sparseWidth();
    List<TrainingExample> out = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      out.add(new TrainingExample(version + "-r" + r, "u", batch.key(r), Instant.EPOCH, 0, "ann", rows.labels()[r], 1, true,
          0.5, scores.raw()[r], scores.calibrated()[r], version, "champion", spec.fingerprint(),
          Arrays.copyOfRange(batch.denseValues(), r * d, (r + 1) * d),
          Arrays.copyOfRange(batch.sparseIds(), r * s, (r + 1) * s)));
    }
    return out;
  }

  @Test
  void rowsOfEarlierChampionsAreReScoredByTheirOwnModel() {
    ModelArtifact earlier = popularity("pop-earlier", 1);
    ModelArtifact serving = popularity("pop-serving", 2);
    LabeledExamples rows = SyntheticWorld.encode(spec, world.sample(300, 3));
    List<TrainingExample> heldOut = new ArrayList<>(servedBy(earlier, rows, "pop-earlier"));
    heldOut.addAll(servedBy(serving, rows, "pop-serving"));
    heldOut.addAll(servedBy(serving, rows.slice(0, 50), "popularity-live-fallback")); // not in the registry

    AtomicInteger loads = new AtomicInteger();
    Map<String, ModelArtifact> registry = Map.of("pop-earlier", earlier, "pop-serving", serving);
    TrainingMonitors monitors = new TrainingMonitors(spec, 0.25, 0.5, 100);
    try (Ranker servingRanker = Rankers.load(serving, spec);
         LoggedRankers logged = new LoggedRankers(version -> {
           loads.incrementAndGet();
           return Optional.ofNullable(registry.get(version));
         }, spec, 4)) {
      TrainingMonitors.Report report = monitors.measure(heldOut, heldOut, servingRanker, logged);
      assertEquals(600, report.skewChecked(), "both models' rows re-scored");
      assertEquals(0, report.skewMismatched(), "each by the model that served it");
      assertEquals(50, report.skewUnchecked(), "a model the registry never had cannot be checked");
      assertEquals(600 / 650.0, report.skewCoverage(), 1e-9);

      monitors.measure(heldOut, heldOut, servingRanker, logged);
      assertEquals(2, loads.get(), "the earlier model and the absent one are looked up once, then kept");

      // the earlier champion's rows re-scored by today's model would not match: the check has teeth
      List<TrainingExample> mislabelled = servedBy(earlier, rows, "pop-serving");
      TrainingMonitors.Report wrong = monitors.measure(heldOut, mislabelled, servingRanker, logged);
      assertTrue(wrong.skewMismatched() > 0, "scores of another model must not pass as this one's");
    }
  }

  @Test
  void rowsAreReScoredAsLoggedNotAtTheSlotTheyWereShownIn() throws Exception {
    // a network, which reads the slot features (popularity does not): rows logged at the request's
    // slot and shown at positions 0-9 must re-score to their logged raw scores
    ModelArtifact network = new RankerFitting(spec, FittingSettings.defaults()
        .withTraining(new TrainingSettings(256, 1, 1, 0.002f, 0.3f, 3)))
        .fitNetwork(DcnV2Architecture.defaults(), SyntheticWorld.encode(spec, world.sample(3_000, 7)),
            ModelLineage.fresh("dcn-skew"));
    LabeledExamples rows = SyntheticWorld.encode(spec, world.sample(200, 8)); // logged at random slots
    List<TrainingExample> logged = servedBy(network, rows, "dcn-skew");
    List<TrainingExample> shownAlongTheList = new ArrayList<>();
    for (int i = 0; i < logged.size(); i++) {
      TrainingExample r = logged.get(i);
      shownAlongTheList.add(new TrainingExample(r.requestId(), r.userId(), r.itemId(), r.servedAt(), i % 10,
          r.source(), r.label(), r.weight(), r.holdout(), r.propensity(), r.rawScore(), r.calibratedScore(),
          r.modelVersion(), r.variant(), r.featureFingerprint(), r.dense(), r.sparse()));
    }
    TrainingMonitors monitors = new TrainingMonitors(spec, 0.25, 0.5, 100);
    try (Ranker serving = Rankers.load(network, spec);
         LoggedRankers loggedModels = new LoggedRankers(version -> Optional.empty(), spec, 2)) {
      TrainingMonitors.Report report = monitors.measure(shownAlongTheList, shownAlongTheList, serving, loggedModels);
      assertEquals(200, report.skewChecked());
      assertEquals(0, report.skewMismatched(), "the vectors serving scored, not moved to their shown slots");
      // and moving them would have changed the scores: the check would notice a monitor that did
      Scores moved = serving.score(io.persona.models.learning.TrainingExamples.asShown(shownAlongTheList, spec)
          .features());
      long differ = 0;
      for (int i = 0; i < moved.raw().length; i++) {
        differ += Math.abs(moved.raw()[i] - shownAlongTheList.get(i).rawScore()) > 1e-4 ? 1 : 0;
      }
      assertTrue(differ > 0, "the network reads the slot, so the shown slot changes its scores");
    }
  }

  @Test
  void theLeastRecentlyUsedVersionIsClosedBeyondCapacity() {
    AtomicInteger loads = new AtomicInteger();
    ModelArtifact a = popularity("a", 4);
    ModelArtifact b = popularity("b", 5);
    Map<String, ModelArtifact> registry = Map.of("a", a, "b", b);
    try (LoggedRankers logged = new LoggedRankers(version -> {
      loads.incrementAndGet();
      return Optional.ofNullable(registry.get(version));
    }, spec, 1)) {
      assertEquals(Optional.of("a"), logged.with("a", ranker -> ranker.metadata().version()));
      assertEquals(Optional.of("b"), logged.with("b", ranker -> ranker.metadata().version()));
      assertEquals(Optional.of("a"), logged.with("a", ranker -> ranker.metadata().version()));
      assertEquals(3, loads.get(), "with room for one, a was closed when b came and loaded again");
      logged.close();
      assertEquals(Optional.empty(), logged.with("a", ranker -> ranker.metadata().version()), "nothing after close");
    }
  }
}
