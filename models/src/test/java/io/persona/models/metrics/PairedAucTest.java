package io.persona.models.metrics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedAucTest {

  @Test
  void matchesDeLongsComponentsCountedPairByPair() {
    Random random = new Random(3);
    int n = 400;
    int[] labels = new int[n];
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextDouble() < 0.15 ? 1 : 0;
      double signal = labels[i] + random.nextGaussian();
      a[i] = Math.round(signal * 4) / 4.0; // coarse, so ties occur
      b[i] = signal + random.nextGaussian();
    }

    PairedAuc paired = PairedAuc.of(a, b, labels);
    double[] expected = pairByPair(a, b, labels);

    assertEquals(expected[0], paired.challenger(), 1e-12);
    assertEquals(expected[1], paired.champion(), 1e-12);
    assertEquals(expected[2], paired.standardError(), 1e-12);
    assertEquals(BinaryMetrics.auc(a, labels), paired.challenger(), 1e-12, "the same AUC as the rank-sum one");
  }

  @Test
  void theStandardErrorAgreesWithAPairedBootstrap() {
    Random random = new Random(11);
    int n = 1_000;
    int[] labels = new int[n];
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextDouble() < 0.1 ? 1 : 0;
      double shared = random.nextGaussian();
      a[i] = 0.9 * labels[i] + shared + 0.5 * random.nextGaussian();
      b[i] = 0.7 * labels[i] + shared + 0.5 * random.nextGaussian();
    }
    PairedAuc paired = PairedAuc.of(a, b, labels);

    int rounds = 400;
    double[] differences = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      int[] l = new int[n];
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        int k = random.nextInt(n);
        l[i] = labels[k];
        x[i] = a[k];
        y[i] = b[k];
      }
      differences[r] = BinaryMetrics.auc(x, l) - BinaryMetrics.auc(y, l);
    }
    double mean = Arrays.stream(differences).average().orElseThrow();
    double bootstrapError = Math.sqrt(Arrays.stream(differences).map(d -> (d - mean) * (d - mean)).sum() / (rounds - 1));

    assertTrue(paired.standardError() > 0);
    assertEquals(bootstrapError, paired.standardError(), 0.2 * bootstrapError,
        "DeLong " + paired.standardError() + " vs bootstrap " + bootstrapError);
  }

  @Test
  void pairingRemovesTheNoiseTwoModelsShare() {
    Random random = new Random(5);
    int n = 600;
    int[] labels = new int[n];
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextDouble() < 0.2 ? 1 : 0;
      a[i] = labels[i] + random.nextGaussian();
      b[i] = a[i] + 0.01 * random.nextGaussian();
    }
    PairedAuc identical = PairedAuc.of(a, a.clone(), labels);
    PairedAuc nearlyIdentical = PairedAuc.of(a, b, labels);
    PairedAuc alone = PairedAuc.of(a, shuffled(a, random), labels);

    assertEquals(0.0, identical.standardError(), 1e-12);
    assertEquals(0.0, identical.difference(), 1e-12);
    assertTrue(nearlyIdentical.standardError() < alone.standardError() / 5,
        nearlyIdentical + " should be far more precise than " + alone);
  }

  @Test
  void oneClassOnlyMeasuresNothing() {
    PairedAuc none = PairedAuc.of(new double[] {0.1, 0.2}, new double[] {0.3, 0.4}, new int[] {0, 0});
    assertTrue(Double.isNaN(none.challenger()) && Double.isNaN(none.champion()));
    assertThrows(IllegalArgumentException.class, () -> PairedAuc.of(new double[1], new double[2], new int[2]));
  }

  @Test
  void theLowerBoundLiesZStandardErrorsBelowTheDifference() {
    PairedAuc auc = new PairedAuc(0.72, 0.70, 0.01);
    assertEquals(0.02 - 1.645 * 0.01, auc.lowerBound(1.645), 1e-12);
  }

  private static double[] shuffled(double[] values, Random random) {
    double[] copy = values.clone();
    for (int i = copy.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return copy;
  }

  /** AUCs and the DeLong standard error of their difference, from every positive-negative pair. */
  private static double[] pairByPair(double[] a, double[] b, int[] labels) {
    int[] pos = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == 1).toArray();
    int[] neg = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == 0).toArray();
    double[][] v10 = new double[2][pos.length];
    double[][] v01 = new double[2][neg.length];
    double[][] scores = {a, b};
    for (int r = 0; r < 2; r++) {
      for (int i = 0; i < pos.length; i++) {
        for (int j = 0; j < neg.length; j++) {
          double x = scores[r][pos[i]];
          double y = scores[r][neg[j]];
          double psi = x > y ? 1.0 : x == y ? 0.5 : 0.0;
          v10[r][i] += psi / neg.length;
          v01[r][j] += psi / pos.length;
        }
      }
    }
    double aucA = Arrays.stream(v10[0]).average().orElseThrow();
    double aucB = Arrays.stream(v10[1]).average().orElseThrow();
    double s10 = cov(v10[0], v10[0]) + cov(v10[1], v10[1]) - 2 * cov(v10[0], v10[1]);
    double s01 = cov(v01[0], v01[0]) + cov(v01[1], v01[1]) - 2 * cov(v01[0], v01[1]);
    return new double[] {aucA, aucB, Math.sqrt(s10 / pos.length + s01 / neg.length)};
  }

  private static double cov(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElseThrow();
    double my = Arrays.stream(y).average().orElseThrow();
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - mx) * (y[i] - my);
    }
    return s / (x.length - 1);
  }
}
