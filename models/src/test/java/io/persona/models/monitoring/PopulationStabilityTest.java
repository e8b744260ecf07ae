package io.persona.models.monitoring;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PopulationStabilityTest {

  private static double[] normal(int n, double mean, long seed) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = mean + random.nextGaussian();
    }
    return values;
  }

  @Test
  void identicalSamplesHaveNoShift() {
    double[] sample = normal(5_000, 0, 1);
    assertEquals(0.0, PopulationStability.psi(sample, sample.clone(), 10));
  }

  @Test
  void twoSamplesOfOneDistributionStayBelowTheWatchThreshold() {
    double psi = PopulationStability.psi(normal(20_000, 0, 1), normal(20_000, 0, 2), 10);
    assertTrue(psi < 0.01, "psi " + psi);
  }

  @Test
  void aShiftedDistributionIsFlaggedAndTheIndexGrowsWithTheShift() {
    double[] reference = normal(20_000, 0, 1);
    double small = PopulationStability.psi(reference, normal(20_000, 0.2, 3), 10);
    double large = PopulationStability.psi(reference, normal(20_000, 1.0, 4), 10);
    assertTrue(small > 0.01 && small < 0.1, "a 0.2 sd shift is minor: " + small);
    assertTrue(large > 0.25, "a 1 sd shift is significant: " + large);
    assertTrue(large > small);
  }

  @Test
  void theIndexDoesNotDependOnTheScaleOfTheValues() {
    double[] reference = normal(5_000, 0, 5);
    double[] current = normal(5_000, 0.5, 6);
    double[] scaledReference = new double[reference.length];
    double[] scaledCurrent = new double[current.length];
    for (int i = 0; i < reference.length; i++) {
      scaledReference[i] = Math.exp(reference[i]);
      scaledCurrent[i] = Math.exp(current[i]);
    }
    assertEquals(PopulationStability.psi(reference, current, 10),
        PopulationStability.psi(scaledReference, scaledCurrent, 10), 1e-12);
  }

  @Test
  void tiesAndEmptyBinsStayFinite() {
    double[] constant = new double[1_000];
    assertEquals(0.0, PopulationStability.psi(constant, new double[] {0, 0, 0}, 10));
    double moved = PopulationStability.psi(constant, new double[] {1, 1, 1}, 10);
    assertTrue(Double.isFinite(moved) && moved > 5, "all mass moved to a bin the reference never filled: " + moved);
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PopulationStability.psi(new double[] {1}, new double[] {1}, 1));
    assertThrows(IllegalArgumentException.class, () -> PopulationStability.psi(new double[0], new double[] {1}, 10));
    assertThrows(IllegalArgumentException.class,
        () -> PopulationStability.psi(new double[] {1}, new double[] {Double.NaN}, 10));
  }

  /**
   * Traffic whose positives (30 %) sit higher on a feature than its negatives; the training sample
   * keeps every positive and one negative in four, each kept negative weighing 4.
   */
  @Test
  void aDownsampledReferenceWeightedBackIsTheTrafficItWasDrawnFrom() {
    int n = 20_000;
    double[] traffic = new double[n];
    double[] sample = new double[n];
    double[] weights = new double[n];
    int kept = 0;
    int negatives = 0;
    Random random = new Random(7);
    for (int i = 0; i < n; i++) {
      boolean positive = i % 10 < 3;
      traffic[i] = (positive ? 2 : 0) + random.nextGaussian();
      if (positive || negatives++ % 4 == 3) {
        sample[kept] = traffic[i];
        weights[kept] = positive ? 1 : 4;
        kept++;
      }
    }
    double[] reference = java.util.Arrays.copyOf(sample, kept);
    double[] referenceWeights = java.util.Arrays.copyOf(weights, kept);

    double unweighted = PopulationStability.psi(reference, traffic, 10);
    double weighted = PopulationStability.psi(reference, referenceWeights, traffic, 10);

    assertTrue(unweighted > 0.1, "the sample alone looks shifted: " + unweighted);
    assertTrue(weighted < 0.002, "weighted back it does not: " + weighted);
  }

  @Test
  void unitWeightsGiveTheUnweightedIndex() {
    double[] reference = normal(5_000, 0, 11);
    double[] current = normal(5_000, 0.3, 12);
    double[] ones = new double[reference.length];
    java.util.Arrays.fill(ones, 1);
    assertEquals(PopulationStability.psi(reference, current, 10), PopulationStability.psi(reference, ones, current, 10),
        1e-12);
  }

  @Test
  void aWeightThatIsNotPositiveIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> PopulationStability.psi(new double[] {1, 2}, new double[] {1, 0}, new double[] {1, 2}, 2));
  }
}
