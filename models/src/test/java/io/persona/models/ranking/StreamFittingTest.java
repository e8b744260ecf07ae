package io.persona.models.ranking;

import io.persona.models.artifact.IncompatibleModelException;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.calibration.IdentityCalibrator;
import io.persona.models.calibration.NegativeDownsampler;
import io.persona.models.evaluation.ModelEvaluation;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.training.CalibrationMethod;
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
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fitting on streams the join already split and downsampled, as the retraining loop does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamFittingTest {
  private static final double RATE = 0.1;
  private final FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), ProfileSettings.defaults());
  private LabeledExamples train;
  private LabeledExamples validation;
  private LabeledExamples calibration;
  private RankerFitting fitting;

  @BeforeAll
  void generate() {
    SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(16), ProfileSettings.defaults());
    NegativeDownsampler upstream = new NegativeDownsampler(RATE, 5);
    train = downsample(SyntheticWorld.encode(spec, world.sample(30_000, 31)), upstream, 0);
    validation = downsample(SyntheticWorld.encode(spec, world.sample(8_000, 32)), upstream, 1_000_000);
    calibration = SyntheticWorld.encode(spec, world.sample(10_000, 33));
    // No calibration map: the downsampling correction alone must bring the scores back.
    fitting = new RankerFitting(spec, FittingSettings.defaults().withCalibration(CalibrationMethod.NONE)
        .withTraining(new TrainingSettings(256, 3, 1, 0.002f, 0.3f, 3)));
  }

  @Test
  void theCorrectionForUpstreamDownsamplingBringsTheMeanPredictionToTheBaseRate() throws Exception {
    ModelArtifact model = fitting.fitOnStream(DcnV2Architecture.defaults(), train, validation, calibration, RATE,
        ModelLineage.fresh("stream-v1"));

    assertEquals(RATE, model.metadata().downsamplingRate());
    assertInstanceOf(IdentityCalibrator.class, model.metadata().calibrator());
    assertEquals(train.size(), model.metadata().trainingExamples(), "train was used as given, not downsampled again");
    Scores scores;
    try (Ranker ranker = Rankers.load(model, spec)) {
      scores = ModelEvaluation.score(ranker, calibration);
    }
    double baseRate = calibration.positives() / (double) calibration.size();
    double raw = Arrays.stream(scores.raw()).average().orElseThrow();
    double corrected = Arrays.stream(scores.calibrated()).average().orElseThrow();
    System.out.printf("stream fit: base rate %.4f, mean raw %.4f, mean corrected %.4f%n", baseRate, raw, corrected);
    assertTrue(raw > 2 * baseRate, "trained on 10% of negatives, raw scores are inflated: " + raw);
    assertEquals(baseRate, corrected, 0.2 * baseRate, "corrected mean vs base rate");
  }

  @Test
  void aWarmStartedStreamModelKeepsTheArchitectureAndNamesItsParent() throws Exception {
    ModelArtifact parent = fitting.fitOnStream(DcnV2Architecture.defaults(), train, validation, calibration, RATE,
        ModelLineage.fresh("stream-p"));
    ModelArtifact child = fitting.fitOnStream(DcnV2Architecture.defaults(), train, validation, calibration, RATE,
        new ModelLineage("stream-c", parent, null, null));

    assertEquals("stream-p", child.metadata().parentVersion());
    assertEquals(parent.metadata().architecture(), child.metadata().architecture());
    assertEquals(parent.parameters().length, child.parameters().length);

    DcnV2Architecture wider = new DcnV2Architecture(8, 3, 32, List.of(128, 64));
    assertThrows(IncompatibleModelException.class, () -> fitting.fitOnStream(wider, train, validation, calibration,
        RATE, new ModelLineage("stream-x", parent, null, null)));
  }

  @Test
  void aRateOutsideTheUnitIntervalIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> fitting.fitOnStream(DcnV2Architecture.defaults(), train,
        validation, calibration, 0, ModelLineage.fresh("bad")));
  }

  private static LabeledExamples downsample(LabeledExamples all, NegativeDownsampler sampler, long keyOffset) {
    List<Integer> kept = new ArrayList<>();
    for (int r = 0; r < all.size(); r++) {
      if (sampler.keep(all.label(r), keyOffset + r)) {
        kept.add(r);
      }
    }
    return all.select(kept.stream().mapToInt(Integer::intValue).toArray());
  }
}
