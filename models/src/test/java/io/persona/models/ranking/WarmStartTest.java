package io.persona.models.ranking;

import io.persona.models.artifact.IncompatibleModelException;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.features.LabeledExamples;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.NetworkTrainer;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.models.ranking.training.TrainingRun;
import io.persona.models.ranking.training.TrainingSettings;
import io.persona.models.synthetic.SyntheticWorld;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Continuous training starts from the champion, not from scratch. */
class WarmStartTest {
  private final FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), ProfileSettings.defaults());
  private final SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(16), ProfileSettings.defaults());

  @Test
  void aWarmStartedModelContinuesFromItsParent() throws Exception {
    LabeledExamples first = SyntheticWorld.encode(spec, world.sample(20_000, 11));
    LabeledExamples validation = SyntheticWorld.encode(spec, world.sample(5_000, 12));
    TrainingSettings oneEpoch = new TrainingSettings(256, 1, 1, 0.002f, 0.3f, 3);
    NetworkTrainer trainer = new NetworkTrainer(spec, DcnV2Architecture.defaults(), oneEpoch);

    TrainingRun parent = trainer.train(first, validation, null);
    // Zero epochs of progress would leave the parent's loss; the child starts exactly there.
    TrainingRun child = trainer.train(SyntheticWorld.encode(spec, world.sample(20_000, 13)), validation, parent.parameters());
    TrainingRun cold = trainer.train(SyntheticWorld.encode(spec, world.sample(20_000, 13)), validation, null);

    assertTrue(child.bestValidationLogLoss() <= parent.bestValidationLogLoss(),
        "child " + child.bestValidationLogLoss() + " vs parent " + parent.bestValidationLogLoss());
    assertTrue(child.bestValidationLogLoss() < cold.bestValidationLogLoss(),
        "warm " + child.bestValidationLogLoss() + " vs cold " + cold.bestValidationLogLoss());
  }

  @Test
  void lineageIsRecordedAndMismatchedParentsAreRefused() throws Exception {
    LabeledExamples data = SyntheticWorld.encode(spec, world.sample(8_000, 21));
    FittingSettings settings = FittingSettings.defaults().withTraining(new TrainingSettings(256, 1, 1, 0.002f, 0.3f, 3));
    RankerFitting fitting = new RankerFitting(spec, settings);
    ModelArtifact parent = fitting.fitNetwork(DcnV2Architecture.defaults(), data, ModelLineage.fresh("v1"));
    ModelArtifact child = fitting.fitNetwork(DcnV2Architecture.defaults(), data, new ModelLineage("v2", parent, null, null));
    assertEquals("v1", child.metadata().parentVersion());

    DcnV2Architecture wider = new DcnV2Architecture(8, 3, 32, List.of(128, 64));
    IncompatibleModelException e = assertThrows(IncompatibleModelException.class,
        () -> fitting.fitNetwork(wider, data, new ModelLineage("v3", parent, null, null)));
    assertTrue(e.getMessage().contains("cannot warm-start"), e.getMessage());
  }
}
