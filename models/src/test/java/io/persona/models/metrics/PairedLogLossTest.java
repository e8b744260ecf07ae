package io.persona.models.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedLogLossTest {

  /** Labels drawn from p, and two models: the truth, and the truth pulled halfway to the base rate. */
  private static final int N = 4_000;
  private static final int[] LABELS = new int[N];
  private static final double[] TRUTH = new double[N];
  private static final double[] BLURRED = new double[N];

  static {
    Random random = new Random(7);
    for (int i = 0; i < N; i++) {
      TRUTH[i] = 0.02 + 0.3 * random.nextDouble() * random.nextDouble();
      LABELS[i] = random.nextDouble() < TRUTH[i] ? 1 : 0;
      BLURRED[i] = (TRUTH[i] + 0.1) / 2;
    }
  }

  @Test
  void theMeansAreTheLogLossesOfBinaryMetrics() {
    PairedLogLoss paired = PairedLogLoss.of(BLURRED, TRUTH, LABELS);
    assertEquals(BinaryMetrics.logLoss(BLURRED, LABELS), paired.challenger(), 1e-12);
    assertEquals(BinaryMetrics.logLoss(TRUTH, LABELS), paired.champion(), 1e-12);
    assertEquals(paired.challenger() - paired.champion(), paired.difference(), 1e-15);
  }

  @Test
  void theTruthIsShownBetterThanABlurredModelWithConfidence() {
    PairedLogLoss truthFirst = PairedLogLoss.of(TRUTH, BLURRED, LABELS);
    assertTrue(truthFirst.difference() < 0, "the true probabilities lose less: " + truthFirst.difference());
    assertTrue(truthFirst.upperBound(0.95) < 0, "and the paired bound says so: " + truthFirst.upperBound(0.95));
    PairedLogLoss blurredFirst = PairedLogLoss.of(BLURRED, TRUTH, LABELS);
    assertTrue(blurredFirst.upperBound(0.95) > blurredFirst.difference(), "the bound lies above the point value");
  }

  @Test
  void pairingMakesTheBoundNarrowerThanTwoSeparateErrorsWould() {
    double[] nudged = new double[N];
    for (int i = 0; i < N; i++) {
      nudged[i] = Math.min(1.0, TRUTH[i] * 1.02);
    }
    PairedLogLoss paired = PairedLogLoss.of(nudged, TRUTH, LABELS);
    // the standard error of one model's mean log-loss on these rows, as if the two were unrelated
    double mean = paired.champion();
    double sum = 0.0;
    for (int i = 0; i < N; i++) {
      double loss = LABELS[i] == 1 ? -Math.log(TRUTH[i]) : -Math.log1p(-TRUTH[i]);
      sum += (loss - mean) * (loss - mean);
    }
    double unpairedError = Math.sqrt(2 * sum / (N - 1) / N);
    assertTrue(paired.standardError() < unpairedError / 10,
        "paired " + paired.standardError() + " vs unpaired " + unpairedError);
  }

  @Test
  void theSameRowsGiveTheSameBound() {
    assertEquals(PairedLogLoss.of(BLURRED, TRUTH, LABELS).upperBound(0.95),
        PairedLogLoss.of(BLURRED, TRUTH, LABELS).upperBound(0.95));
  }

  @Test
  void identicalModelsDifferByNothing() {
    PairedLogLoss same = PairedLogLoss.of(TRUTH, TRUTH, LABELS);
    assertEquals(0.0, same.difference());
    assertEquals(0.0, same.upperBound(0.95));
    assertEquals(0.0, same.standardError());
  }

  @Test
  void withoutResamplesOrAtOneHalfTheBoundIsThePointDifference() {
    PairedLogLoss point = PairedLogLoss.of(BLURRED, TRUTH, LABELS, 0);
    assertEquals(point.difference(), point.upperBound(0.95));
    PairedLogLoss resampled = PairedLogLoss.of(BLURRED, TRUTH, LABELS);
    assertEquals(resampled.difference(), resampled.upperBound(0.5));
    assertEquals(0.3 - 0.2, PairedLogLoss.ofPointValues(0.3, 0.2).upperBound(0.99), 1e-15);
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PairedLogLoss.of(new double[] {0.5}, new double[] {1.5}, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> PairedLogLoss.of(new double[] {0.5}, new double[] {0.5}, new int[] {1, 0}));
    assertThrows(IllegalArgumentException.class, () -> PairedLogLoss.of(TRUTH, TRUTH, LABELS).upperBound(1.0));
  }
}
