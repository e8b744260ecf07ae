package io.persona.models.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Two models' AUCs measured on the same labelled rows, with the standard error of their
 * difference (DeLong, DeLong and Clarke-Pearson, 1988). The two AUCs are correlated because they
 * rank the same positives against the same negatives; the paired error accounts for that, so a
 * real difference is told from the noise of one finite sample far better than two separate
 * errors would.
 *
 * @param challenger    the first model's AUC
 * @param champion      the second model's AUC
 * @param standardError of {@code challenger - champion} (a class with a single row adds no
 *                      spread of its own)
 */
public record PairedAuc(double challenger, double champion, double standardError) {

  public PairedAuc {
    if (standardError < 0 || Double.isNaN(standardError)) {
      throw new IllegalArgumentException("standard error must be a non-negative number: " + standardError);
    }
  }

  public double difference() {
    return challenger - champion;
  }

  /** The one-sided lower confidence bound of the difference for a standard normal quantile z. */
  public double lowerBound(double z) {
    return difference() - z * standardError;
  }

  /**
   * @return both AUCs (a tie counts one half) and the paired standard error; NaN AUCs, and an
   *     error of 0, when the labels hold no positive-negative pair
   */
  public static PairedAuc of(double[] challengerScores, double[] championScores, int[] labels) {
    Objects.requireNonNull(labels, "labels");
    if (challengerScores.length != labels.length || championScores.length != labels.length) {
      throw new IllegalArgumentException("scores and labels differ in length: " + challengerScores.length + ", "
          + championScores.length + ", " + labels.length);
    }
    int positives = (int) Arrays.stream(labels).filter(label -> label != 0).count();
    int negatives = labels.length - positives;
    if (positives == 0 || negatives == 0) {
      return new PairedAuc(Double.NaN, Double.NaN, 0.0);
    }
    Components a = Components.of(challengerScores, labels, positives, negatives);
    Components b = Components.of(championScores, labels, positives, negatives);
    double positiveVariance = a.positiveCovariance(a) + b.positiveCovariance(b) - 2 * a.positiveCovariance(b);
    double negativeVariance = a.negativeCovariance(a) + b.negativeCovariance(b) - 2 * a.negativeCovariance(b);
    double variance = positiveVariance / positives + negativeVariance / negatives;
    // rounding can leave a tiny negative variance when the two models rank identically
    return new PairedAuc(a.auc(), b.auc(), Math.sqrt(Math.max(0.0, variance)));
  }

  /**
   * DeLong's structural components of one model: for each positive, the share of negatives it
   * outranks; for each negative, the share of positives that outrank it (ties count one half).
   * Their means are the AUC; their covariances across two models give the paired variance.
   */
  private record Components(double[] perPositive, double[] perNegative) {

    static Components of(double[] scores, int[] labels, int positives, int negatives) {
      double[] positiveScores = new double[positives];
      double[] negativeScores = new double[negatives];
      for (int i = 0, p = 0, n = 0; i < labels.length; i++) {
        if (labels[i] != 0) {
          positiveScores[p++] = scores[i];
        } else {
          negativeScores[n++] = scores[i];
        }
      }
      double[] sortedPositives = positiveScores.clone();
      double[] sortedNegatives = negativeScores.clone();
      Arrays.sort(sortedPositives);
      Arrays.sort(sortedNegatives);
      double[] perPositive = new double[positives];
      for (int i = 0; i < positives; i++) {
        perPositive[i] = belowPlusHalfTies(sortedNegatives, positiveScores[i]) / negatives;
      }
      double[] perNegative = new double[negatives];
      for (int j = 0; j < negatives; j++) {
        perNegative[j] = (positives - belowPlusHalfTies(sortedPositives, negativeScores[j])) / positives;
      }
      return new Components(perPositive, perNegative);
    }

    /** How many sorted values lie below x, plus half of those equal to it. */
    private static double belowPlusHalfTies(double[] sorted, double x) {
      int below = firstAtLeast(sorted, x);
      int notAbove = firstAbove(sorted, x);
      return below + (notAbove - below) / 2.0;
    }

    private static int firstAtLeast(double[] sorted, double x) {
      int lo = 0;
      int hi = sorted.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (Double.compare(sorted[mid], x) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    private static int firstAbove(double[] sorted, double x) {
      int lo = 0;
      int hi = sorted.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (Double.compare(sorted[mid], x) <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    double auc() {
      return Arrays.stream(perPositive).average().orElse(Double.NaN);
    }

    double positiveCovariance(Components other) {
      return covariance(perPositive, other.perPositive);
    }

    double negativeCovariance(Components other) {
      return covariance(perNegative, other.perNegative);
    }

    /** Sample covariance (n − 1); 0 for a single value, which carries no spread. */
    private static double covariance(double[] x, double[] y) {
      int n = x.length;
      if (n < 2) {
        return 0.0;
      }
      double meanX = Arrays.stream(x).average().orElseThrow();
      double meanY = Arrays.stream(y).average().orElseThrow();
      double sum = 0.0;
      for (int i = 0; i < n; i++) {
        sum += (x[i] - meanX) * (y[i] - meanY);
      }
      return sum / (n - 1);
    }
  }
}
