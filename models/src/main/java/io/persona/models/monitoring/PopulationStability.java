package io.persona.models.monitoring;

import java.util.Arrays;

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
    double[] ones = new double[reference.length];
    Arrays.fill(ones, 1);
    return psi(reference, ones, current, bins);
  }

  /**
   * The index against a weighted reference: a reference row of weight 2 stands for two rows. For a
   * reference that is a sample drawn with known rates (training rows whose negatives were kept with
   * probability w carry weight 1/w), so that it is compared as the population it was drawn from.
   *
   * @param referenceWeights one positive, finite weight per reference value
   */
  public static double psi(double[] reference, double[] referenceWeights, double[] current, int bins) {
    if (bins < 2) {
      throw new IllegalArgumentException("bins must be at least 2, was " + bins);
    }
    requireSample(reference, "reference");
    requireSample(current, "current");
    if (referenceWeights.length != reference.length) {
      throw new IllegalArgumentException("one weight per reference value: " + referenceWeights.length + " for "
          + reference.length);
    }
    for (double w : referenceWeights) {
      if (!(w > 0 && Double.isFinite(w))) {
        throw new IllegalArgumentException("reference weights must be positive and finite, one is " + w);
      }
    }
    double[] edges = edges(reference, referenceWeights, bins);
    double[] r = shares(reference, referenceWeights, edges);
    double[] ones = new double[current.length];
    Arrays.fill(ones, 1);
    double[] c = shares(current, ones, edges);
    double psi = 0;
    for (int b = 0; b < r.length; b++) {
      psi += (c[b] - r[b]) * Math.log(c[b] / r[b]);
    }
    return psi;
  }

  /**
   * Distinct upper edges of the first bins−1 weighted quantile bins: bin b is (edges[b−1], edges[b]].
   * Edge k is the smallest value whose cumulative weight reaches k/bins of the total (with unit
   * weights, the value at rank ⌈k·n/bins⌉).
   */
  private static double[] edges(double[] reference, double[] weights, int bins) {
    Integer[] order = new Integer[reference.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(reference[a], reference[b]));
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] edges = new double[bins - 1];
    int at = 0;
    double cumulative = 0;
    for (int k = 1; k < bins; k++) {
      double target = total * k / bins;
      // a relative tolerance, so unit weights reproduce the rank rule exactly despite rounding
      while (at < order.length - 1 && cumulative + weights[order[at]] < target * (1 - 1e-12)) {
        cumulative += weights[order[at]];
        at++;
      }
      edges[k - 1] = reference[order[at]];
    }
    return Arrays.stream(edges).distinct().toArray();
  }

  private static double[] shares(double[] values, double[] weights, double[] edges) {
    double[] shares = new double[edges.length + 1];
    double total = 0;
    for (int i = 0; i < values.length; i++) {
      shares[bin(values[i], edges)] += weights[i];
      total += weights[i];
    }
    for (int b = 0; b < shares.length; b++) {
      shares[b] = Math.max(shares[b] / total, EPSILON);
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
