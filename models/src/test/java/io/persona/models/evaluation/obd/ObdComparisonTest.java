package io.persona.models.evaluation.obd;

import io.persona.models.evaluation.Evaluation;
import io.persona.models.ranking.training.FittingSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObdComparisonTest {

  static Path root() throws Exception {
    return Path.of(ObdComparisonTest.class.getResource("/obd/README.md").toURI()).getParent();
  }

  @Test
  void everyModelIsFittedAndMeasuredOnTheNewestImpressions() throws Exception {
    FittingSettings settings = FittingSettings.defaults().withNegativeRate(0.2).withCalibration(io.persona.models.ranking.training.CalibrationMethod.PLATT);
    ObdComparison.Result result = ObdComparison.run(root(), settings.withTraining(settings.training().withMaxEpochs(4)), 0.2);

    assertEquals(32_000, result.trainExamples());
    assertEquals(8_000, result.testExamples());
    assertEquals(207, result.trainClicks() + result.testClicks(), "46 + 46 + 69 + 46 clicks in the four files");
    double observed = result.testClicks() / (double) result.testExamples();
    for (var entry : result.byModel().entrySet()) {
      Evaluation e = entry.getValue();
      System.out.printf("OBD %-10s mean p %.5f (observed %.5f) AUC %.4f NE %.4f -> %.4f ECE before %.4f after %.4f%n", entry.getKey(),
          e.meanPrediction(), observed, e.auc(),
          e.normalizedEntropyBeforeCalibration(), e.normalizedEntropy(), e.eceBeforeCalibration(), e.eceAfterCalibration());
      // ~40 test clicks: AUC differences are within noise here (see the README), so this test checks
      // what must hold whatever the ranking quality: calibrated probabilities on real, rare clicks.
      assertTrue(e.auc() >= 0 && e.auc() <= 1);
      assertTrue(e.eceAfterCalibration() < 0.01, entry.getKey() + " is calibrated on real data: " + e.eceAfterCalibration());
      assertTrue(e.normalizedEntropy() < 1.1, entry.getKey() + " is not badly overconfident: NE " + e.normalizedEntropy());
    }
    assertTrue(observed > 0.002 && observed < 0.01, "clicks are rare, as in real CTR data: " + observed);
  }
}
