package io.persona.models.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NegativeDownsamplerTest {
  private static final int N = 100_000;

  @Test
  void decisionsArePinnedSoARestartedJobKeepsTheSameNegatives() {
    assertEquals(0.5355638488174207, new NegativeDownsampler(0.5, 7L).unitInterval(12345L));
    assertEquals(0.2668471864940366, new NegativeDownsampler(0.5, -1L).unitInterval(0L));
  }

  @Test
  void keepsEveryPositive() {
    NegativeDownsampler sampler = new NegativeDownsampler(0.01, 1L);
    for (long key = 0; key < 1000; key++) {
      assertTrue(sampler.keep(1, key));
    }
  }

  @Test
  void keepsAboutTheRateOfSequentialNegatives() {
    // binomial(100000, 0.1): standard deviation 0.00095 in the fraction; allow 3
    NegativeDownsampler sampler = new NegativeDownsampler(0.1, 42L);
    int kept = 0;
    for (long key = 0; key < N; key++) {
      kept += sampler.keep(0, key) ? 1 : 0;
    }
    assertEquals(0.1, (double) kept / N, 0.003);
  }

  @Test
  void decisionsAreAFunctionOfSeedAndKey() {
    NegativeDownsampler first = new NegativeDownsampler(0.3, 7L);
    NegativeDownsampler restarted = new NegativeDownsampler(0.3, 7L);
    NegativeDownsampler otherSeed = new NegativeDownsampler(0.3, 8L);
    int differ = 0;
    for (long key = 0; key < N; key++) {
      assertEquals(first.keep(0, key), restarted.keep(0, key));
      differ += first.keep(0, key) != otherSeed.keep(0, key) ? 1 : 0;
    }
    // independent choices differ with probability 2 · 0.3 · 0.7 = 0.42
    assertEquals(0.42, (double) differ / N, 0.01);
  }

  @Test
  void aHigherRateKeepsASupersetOfNegatives() {
    NegativeDownsampler low = new NegativeDownsampler(0.05, 3L);
    NegativeDownsampler high = new NegativeDownsampler(0.2, 3L);
    for (long key = 0; key < N; key++) {
      if (low.keep(0, key)) {
        assertTrue(high.keep(0, key), "key " + key);
      }
    }
  }

  @Test
  void rateOneKeepsEverything() {
    NegativeDownsampler all = new NegativeDownsampler(1.0, -1L);
    for (long key = -1000; key < 1000; key++) {
      assertTrue(all.keep(0, key));
    }
  }

  @Test
  void downsampledCtrIsCorrectedBackToTheTrueCtr() {
    // true CTR 0.02, negatives kept at w = 0.1: the sample has 0.02 positives per
    // 0.98 · 0.1 = 0.098 negatives, a positive rate of 0.02 / 0.118 = 0.16949.
    // Correcting: 0.16949 / (0.16949 + 0.83051 / 0.1) = 0.16949 / 8.47458 = 0.02
    NegativeDownsampler sampler = new NegativeDownsampler(0.1, 2014L);
    Random random = new Random(17);
    int n = 500_000;
    long keptPositives = 0;
    long kept = 0;
    for (long key = 0; key < n; key++) {
      int label = random.nextDouble() < 0.02 ? 1 : 0;
      if (sampler.keep(label, key)) {
        kept++;
        keptPositives += label;
      }
    }
    double sampleRate = (double) keptPositives / kept;
    // about 59,000 kept: standard deviation of the rate 0.0015
    assertEquals(0.1695, sampleRate, 0.005);
    // the correction's slope there is 0.1 / 0.118² ≈ 0.14 per unit: standard deviation 0.0002
    assertEquals(0.02, new DownsamplingCorrection(0.1).correct(sampleRate), 0.001);
  }

  @Test
  void rejectsInvalidRatesAndLabels() {
    assertThrows(IllegalArgumentException.class, () -> new NegativeDownsampler(0.0, 1L));
    assertThrows(IllegalArgumentException.class, () -> new NegativeDownsampler(1.5, 1L));
    assertThrows(IllegalArgumentException.class, () -> new NegativeDownsampler(Double.NaN, 1L));
    assertThrows(
        IllegalArgumentException.class, () -> new NegativeDownsampler(0.5, 1L).keep(2, 1L));
    assertNotEquals(new NegativeDownsampler(0.5, 1L), new NegativeDownsampler(0.5, 2L));
  }
}
