package io.persona.actors.recommend;

import io.persona.models.calibration.Calibrator;
import io.persona.models.calibration.IsotonicCalibrator;
import io.persona.models.calibration.PlattCalibrator;
import io.persona.models.ranking.Scores;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlateOrderTest {
  /** The model's corrected probabilities, best last: retrieval order is the reverse of the model's. */
  private static final double[] CORRECTED = {0.55, 0.60, 0.70, 0.80, 0.90};
  private static final String[] CATEGORIES = {"a", "b", "c", "d", "e"};
  private static final List<Integer> MODEL_ORDER = List.of(4, 3, 2);

  private static Scores calibratedWith(Calibrator calibrator) {
    double[] calibrated = Arrays.stream(CORRECTED).map(calibrator::calibrate).toArray();
    return new Scores(CORRECTED.clone(), CORRECTED.clone(), calibrated);
  }

  private static List<Integer> slate(double[] order) {
    return SlateSelection.select(order, CATEGORIES, 3, 10, 0, new SplittableRandom(1)).stream()
        .map(SlateSelection.Pick::row).toList();
  }

  @Test
  void anIsotonicPlateauKeepsTheModelsOrder() {
    // flat at 0.12 from its last knot (0.5) on: every candidate here calibrates to the same value
    Scores scores = calibratedWith(new IsotonicCalibrator(new double[] {0.1, 0.5}, new double[] {0.02, 0.12}));
    assertEquals(1, Arrays.stream(scores.calibrated()).distinct().count(), "the plateau ties them all");

    assertEquals(MODEL_ORDER, slate(SlateOrder.of(scores)));
    assertEquals(List.of(0, 1, 2), slate(scores.calibrated()), "by the calibrated score, retrieval order would win");
  }

  @Test
  void aPlattSlopeOfZeroKeepsTheModelsOrder() {
    Scores scores = calibratedWith(new PlattCalibrator(0.0, -2.0));
    assertEquals(1, Arrays.stream(scores.calibrated()).distinct().count(), "a constant map");

    assertEquals(MODEL_ORDER, slate(SlateOrder.of(scores)));
  }
}
