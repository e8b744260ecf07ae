package io.persona.models.monitoring;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Population stability index: how far a feature's or a score's distribution has moved from a
 * reference (the training data, or last week's traffic). Bins are the reference's quantiles, so
 * each holds about the same share of the reference and the index does not depend on the scale or
 * skew of the values:
 *
 * <pre>PSI = Σ_bins (c − r) · ln(c / r)</pre>
 *
 * with r and c the shares of reference and current values in the bin. Usual reading: below 0.1 no
 * significant shift; 0.1 to 0.25 a moderate shift worth watching; above 0.25 a significant shift
 * (retrain, or look for a broken feature).
 */
public final class PopulationStability {
  /**
   * Shares are floored at this, so a bin empty on one side (a category that vanished) adds a
   * large but finite term instead of an infinite one.
   */
  static final double EPSILON = 1e-4;

  private PopulationStability() {}

  /**
   * @param bins number of reference quantile bins, at least 2; tied reference values can merge bins
   *             (a value that fills several quantiles is one bin edge), never split a tie
   * @throws IllegalArgumentException if a sample is empty or holds a non-finite value
   */
  public static double psi(double[] reference, double[] current, int bins) {
    if (bins < 2) {
      throw new IllegalArgumentException("bins must be at least 2, was " + bins);
    }
    requireSample(reference, "reference");
    requireSample(current, "current");
    double[] edges = edges(reference, bins);
    double[] r = shares(reference, edges);
    double[] c = shares(current, edges);
    double psi = 0;
    for (int b = 0; b < r.length; b++) {
      psi += (c[b] - r[b]) * Math.log(c[b] / r[b]);
    }
    return psi;
  }

  /** Distinct upper edges of the first bins−1 quantile bins: bin b is (edges[b−1], edges[b]]. */
  private static double[] edges(double[] reference, int bins) {
    double[] sorted = reference.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return IntStream.range(1, bins)
        .mapToDouble(k -> sorted[(int) Math.ceil((double) k * n / bins) - 1])
        .distinct()
        .toArray();
  }

  private static double[] shares(double[] values, double[] edges) {
    double[] shares = new double[edges.length + 1];
    for (double v : values) {
      shares[bin(v, edges)]++;
    }
    for (int b = 0; b < shares.length; b++) {
      shares[b] = Math.max(shares[b] / values.length, EPSILON);
    }
    return shares;
  }

  /** The first b with v ≤ edges[b], or edges.length when v is above every edge. */
  private static int bin(double v, double[] edges) {
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void requireSample(double[] values, String name) {
    if (values.length == 0) {
      throw new IllegalArgumentException(name + " sample is empty");
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(name + " sample holds " + v);
      }
    }
  }
}
