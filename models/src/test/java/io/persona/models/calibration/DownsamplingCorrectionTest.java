package io.persona.models.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DownsamplingCorrectionTest {
  private static final double EPS = 1e-12;

  @Test
  void correctsByHand() {
    DownsamplingCorrection correction = new DownsamplingCorrection(0.1);
    // 0.5 / (0.5 + 0.5 / 0.1) = 0.5 / 5.5 = 1/11
    assertEquals(1.0 / 11, correction.correct(0.5), EPS);
    // 0.9 / (0.9 + 0.1 / 0.1) = 0.9 / 1.9
    assertEquals(0.9 / 1.9, correction.correct(0.9), EPS);
    assertEquals(0.0, correction.correct(0.0), EPS);
    assertEquals(1.0, correction.correct(1.0), EPS);
  }

  @Test
  void invertsTheRateShiftOfDownsampling() {
    // true CTR 0.02; keeping 10% of negatives leaves 0.02 positives per 0.098 negatives:
    // 0.02 / 0.118 = 0.1694915 in the sample, and the correction maps that back to 0.02
    assertEquals(0.02, new DownsamplingCorrection(0.1).correct(0.02 / 0.118), EPS);
  }

  @Test
  void keepingEveryNegativeNeedsNoCorrection() {
    DownsamplingCorrection none = new DownsamplingCorrection(1.0);
    for (double p = 0.0; p <= 1.0; p += 0.1) {
      assertEquals(p, none.correct(p), EPS);
    }
  }

  @Test
  void rejectsInvalidRatesAndProbabilities() {
    assertThrows(IllegalArgumentException.class, () -> new DownsamplingCorrection(0.0));
    assertThrows(IllegalArgumentException.class, () -> new DownsamplingCorrection(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new DownsamplingCorrection(1.1));
    assertThrows(IllegalArgumentException.class, () -> new DownsamplingCorrection(Double.NaN));
    assertThrows(
        IllegalArgumentException.class, () -> new DownsamplingCorrection(0.5).correct(1.5));
    assertThrows(
        IllegalArgumentException.class, () -> new DownsamplingCorrection(0.5).correct(Double.NaN));
  }
}
