package io.persona.models.ranking;

import io.persona.models.artifact.ModelArtifact;
import io.persona.models.evaluation.Evaluation;
import io.persona.models.evaluation.ModelEvaluation;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.models.metrics.BinaryMetrics;
import io.persona.models.metrics.ReliabilityTable;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.network.LogisticArchitecture;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.features.LabeledExamples;
import io.persona.models.ranking.training.ModelLineage;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.models.synthetic.SyntheticWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learned rankers on data whose true click probability is known (see {@link SyntheticWorld}):
 * the cross network must find the interactions a linear model cannot, and downsampling plus
 * correction plus calibration must give back probabilities that match the truth.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheticRankingTest {
  // The embedding coordinates as features (not the default): this world's clicks follow crosses of
  // its true latent coordinates, which is where cross layers must beat a linear model. Served
  // embeddings are learned, defined up to a rotation, and stay out of the default spec.
  private final FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults().withRawEmbeddings(true),
      ProfileSettings.defaults());
  private List<SyntheticWorld.Impression> testImpressions;
  private LabeledExamples train;
  private LabeledExamples test;

  @BeforeAll
  void generate() {
    SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Settings.defaults(16), ProfileSettings.defaults());
    train = SyntheticWorld.encode(spec, world.sample(50_000, 1));
    testImpressions = world.sample(40_000, 2);
    test = SyntheticWorld.encode(spec, testImpressions);
  }

  private FittingSettings settings() {
    FittingSettings d = FittingSettings.defaults();
    return d.withTraining(d.training().withMaxEpochs(6));
  }

  @Test
  void crossNetworkBeatsLogisticRegressionWhereCrossesMatter() throws Exception {
    RankerFitting fitting = new RankerFitting(spec, settings());
    ModelArtifact dcn = fitting.fitNetwork(DcnV2Architecture.defaults(), train, ModelLineage.fresh("dcn-test"));
    ModelArtifact lr = fitting.fitNetwork(new LogisticArchitecture(), train, ModelLineage.fresh("lr-test"));
    ModelArtifact pop = fitting.fitPopularity(train, ModelLineage.fresh("pop-test"), 100);

    Evaluation dcnEval;
    Evaluation lrEval;
    Evaluation popEval;
    try (Ranker d = Rankers.load(dcn, spec); Ranker l = Rankers.load(lr, spec); Ranker p = Rankers.load(pop, spec)) {
      dcnEval = ModelEvaluation.evaluate(d, test);
      lrEval = ModelEvaluation.evaluate(l, test);
      popEval = ModelEvaluation.evaluate(p, test);
    }
    double oracle = BinaryMetrics.auc(testImpressions.stream().mapToDouble(SyntheticWorld.Impression::probability).toArray(),
        test.labels());
    System.out.printf("synthetic AUC: oracle %.4f, dcn %.4f, lr %.4f, popularity %.4f; NE dcn %.4f lr %.4f pop %.4f%n",
        oracle, dcnEval.auc(), lrEval.auc(), popEval.auc(), dcnEval.normalizedEntropy(), lrEval.normalizedEntropy(),
        popEval.normalizedEntropy());

    assertTrue(dcnEval.auc() > lrEval.auc() + 0.03, "DCN " + dcnEval.auc() + " vs LR " + lrEval.auc());
    assertTrue(dcnEval.normalizedEntropy() < lrEval.normalizedEntropy() - 0.02);
    assertTrue(lrEval.auc() > popEval.auc(), "LR uses the user, popularity does not");
    assertTrue(dcnEval.auc() <= oracle + 0.01, "no model beats the true probabilities (else the test leaks labels)");
  }

  @Test
  void downsamplingWithCorrectionAndCalibrationRecoversTheTrueClickRate() throws Exception {
    RankerFitting fitting = new RankerFitting(spec, settings().withNegativeRate(0.1));
    ModelArtifact model = fitting.fitNetwork(DcnV2Architecture.defaults(), train, ModelLineage.fresh("dcn-w01"));
    assertEquals(0.1, model.metadata().downsamplingRate());

    Scores scores;
    try (Ranker ranker = Rankers.load(model, spec)) {
      scores = ModelEvaluation.score(ranker, test);
    }
    int[] labels = test.labels();
    double[] truth = testImpressions.stream().mapToDouble(SyntheticWorld.Impression::probability).toArray();
    double rawEce = ReliabilityTable.of(scores.raw(), labels, 10).expectedCalibrationError();
    double correctedEce = ReliabilityTable.of(scores.corrected(), labels, 10).expectedCalibrationError();
    double calibratedEce = ReliabilityTable.of(scores.calibrated(), labels, 10).expectedCalibrationError();
    System.out.printf("ECE raw %.4f, corrected %.4f, calibrated %.4f; mean p %.4f, true %.4f, observed %.4f%n",
        rawEce, correctedEce, calibratedEce, mean(scores.calibrated()), mean(truth), test.positives() / (double) test.size());

    assertTrue(rawEce > 0.1, "trained on 10% of negatives, raw scores overestimate badly: " + rawEce);
    assertTrue(correctedEce < rawEce / 4, "the correction undoes most of it: " + correctedEce);
    assertTrue(calibratedEce <= 0.01, "calibrated ECE " + calibratedEce);
    assertEquals(mean(truth), mean(scores.calibrated()), 0.005, "mean predicted vs true click rate");
  }

  private static double mean(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }
}
