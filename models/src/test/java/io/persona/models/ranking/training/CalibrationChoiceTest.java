package io.persona.models.ranking.training;

import io.persona.models.features.FeatureSpec;
import io.persona.models.features.LabeledExamples;
import io.persona.models.features.StandardFeatures;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.synthetic.SyntheticWorld;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationChoiceTest {
  private final FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), ProfileSettings.defaults());
  private final SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(16), ProfileSettings.defaults());

  private RankerFitting fitting(CalibrationMethod method) {
    return new RankerFitting(spec, FittingSettings.defaults().withCalibration(method));
  }

  @Test
  void isotonicGivesWayToPlattOnASliceWithFewPositives() {
    LabeledExamples few = SyntheticWorld.encode(spec, world.sample(300, 1));
    LabeledExamples many = SyntheticWorld.encode(spec, world.sample(20_000, 2));
    assertTrue(few.positives() < RankerFitting.MIN_ISOTONIC_POSITIVES, "few: " + few.positives());
    assertTrue(many.positives() >= RankerFitting.MIN_ISOTONIC_POSITIVES, "many: " + many.positives());

    assertEquals(CalibrationMethod.PLATT, fitting(CalibrationMethod.ISOTONIC).methodFor(few));
    assertEquals(CalibrationMethod.ISOTONIC, fitting(CalibrationMethod.ISOTONIC).methodFor(many));
    assertEquals(CalibrationMethod.NONE, fitting(CalibrationMethod.NONE).methodFor(few), "none stays none");
    assertEquals(CalibrationMethod.PLATT, fitting(CalibrationMethod.PLATT).methodFor(many));
  }
}
