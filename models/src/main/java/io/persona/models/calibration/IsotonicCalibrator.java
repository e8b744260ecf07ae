package io.persona.models.calibration;

import io.persona.models.metrics.BinaryInputs;
import io.persona.models.metrics.DistinctScores;
import java.util.Arrays;

/**
 * A monotone piecewise-linear map fitted by isotonic regression. It can fix any monotone distortion
 * (over-confidence at the top, under-confidence at the bottom, both at once), which Platt scaling's
 * single sigmoid cannot, at the price of needing thousands of examples.
 *
 * <p>The map passes through the points (thresholds[i], values[i]), interpolates linearly between
 * them and is flat outside [thresholds[0], thresholds[last]].
 *
 * @param thresholds strictly increasing input probabilities, at least one
 * @param values non-decreasing calibrated probabilities in [0, 1], one per threshold
 */
public record IsotonicCalibrator(double[] thresholds, double[] values) implements Calibrator {
  /** Pseudo-positives of the prior {@link #fitSmoothed} shrinks each block toward the base rate with. */
  public static final double SMOOTHING_POSITIVES = 1.0;

  public IsotonicCalibrator {
    if (thresholds == null || values == null) {
      throw new IllegalArgumentException("thresholds and values must not be null");
    }
    if (thresholds.length != values.length) {
      throw new IllegalArgumentException(
          "thresholds and values differ in length: " + thresholds.length + " vs " + values.length);
    }
    if (thresholds.length == 0) {
      throw new IllegalArgumentException("thresholds and values must not be empty");
    }
    thresholds = thresholds.clone();
    values = values.clone();
    for (int i = 0; i < thresholds.length; i++) {
      BinaryInputs.requireProbability(thresholds[i], "threshold at index " + i);
      BinaryInputs.requireProbability(values[i], "value at index " + i);
      if (i > 0 && !(thresholds[i] > thresholds[i - 1])) {
        throw new IllegalArgumentException(
            "thresholds must be strictly increasing, but index "
                + i
                + " has "
                + thresholds[i]
                + " after "
                + thresholds[i - 1]);
      }
      if (i > 0 && values[i] < values[i - 1]) {
        throw new IllegalArgumentException(
            "values must be non-decreasing, but index "
                + i
                + " has "
                + values[i]
                + " after "
                + values[i - 1]);
      }
    }
  }

  /** A copy: the record stays immutable. */
  @Override
  public double[] thresholds() {
    return thresholds.clone();
  }

  /** A copy: the record stays immutable. */
  @Override
  public double[] values() {
    return values.clone();
  }

  @Override
  public double calibrate(double p) {
    BinaryInputs.requireProbability(p, "p");
    int last = thresholds.length - 1;
    if (p <= thresholds[0]) {
      return values[0];
    }
    if (p >= thresholds[last]) {
      return values[last];
    }
    int found = Arrays.binarySearch(thresholds, p);
    if (found >= 0) {
      return values[found];
    }
    int upper = -found - 1; // thresholds[upper - 1] < p < thresholds[upper]
    int lower = upper - 1;
    double fraction = (p - thresholds[lower]) / (thresholds[upper] - thresholds[lower]);
    return values[lower] + fraction * (values[upper] - values[lower]);
  }

  /**
   * Isotonic regression of labels on scores by pool-adjacent-violators: sort by score, merge equal
   * scores into one block holding their mean label (so a tie cannot produce a jump), then
   * repeatedly merge adjacent blocks whose means decrease, weighting each block by its count. Each
   * final block becomes one point (mean score, mean label). O(n log n) for the sort, O(n) for the
   * pooling.
   *
   * <p>With only one class in the input every block has the same mean label, so the result is the
   * constant map to 0 (no positives) or 1 (no negatives): a valid monotone calibrator, but one that
   * claims certainty. Isotonic regression has no prior to do better; fit on a sample with both
   * classes, or use {@link PlattCalibrator}, whose target smoothing handles this case.
   */
  public static IsotonicCalibrator fit(double[] scores, int[] labels) {
    return fit(scores, labels, 0.0);
  }

  /**
   * {@link #fit}, each block's rate then shrunk toward the overall rate by a prior worth
   * {@link #SMOOTHING_POSITIVES} pseudo-positive (and the pseudo-negatives of the base rate): a block of a
   * few hundred rows with no click becomes a small probability, not 0. Unsmoothed, such a block
   * maps every score below it to 0, and one click there costs a log-loss of 16 (the clipping): in
   * the learning benchmark, challengers that ranked exactly as the champion lost the gate by 0.03
   * of log-loss on maps fitted to ~100 positives. Large blocks barely move. Blocks whose smoothed
   * rates fall out of order (a small block shrinks further than a large one) are pooled again,
   * so the map stays non-decreasing.
   */
  public static IsotonicCalibrator fitSmoothed(double[] scores, int[] labels) {
    return fit(scores, labels, SMOOTHING_POSITIVES);
  }

  private static IsotonicCalibrator fit(double[] scores, int[] labels, double priorPositives) {
    BinaryInputs.requireProbabilities(scores, labels);
    DistinctScores groups = DistinctScores.of(scores, labels);

    Blocks blocks = new Blocks(groups.size());
    for (int g = 0; g < groups.size(); g++) {
      // each block starts as one group of tied scores, pooled while the previous block's rate exceeds it
      blocks.push(groups.score(g) * groups.count(g), groups.score(g), groups.score(g), groups.positives(g),
          groups.count(g));
      blocks.poolWhileOutOfOrder(0, 0, false);
    }

    double baseRate = blocks.totalPositives() / blocks.totalCount();
    // a prior of priorPositives at the base rate weighs priorPositives / baseRate rows; none when
    // the base rate is 0 or 1 (nothing to shrink toward but the same certainty)
    boolean smooth = priorPositives > 0 && baseRate > 0 && baseRate < 1;
    double priorRows = smooth ? priorPositives / baseRate : 0;
    double priorPositivesPerBlock = priorRows * baseRate;
    if (smooth) {
      // PAV leaves runs of adjacent blocks with equal rates (200 unclicked rows are 200 blocks of
      // rate 0); the prior must weigh against the whole run, so runs become one block first
      blocks.repool(0, 0, true);
      // Shrinking blocks of different sizes can reverse their order (five unclicked rows shrink
      // further up than a thousand rows at half the base rate): pool violators again, by their
      // smoothed rates, so no well-measured block is lifted to a small neighbour's level.
      blocks.repool(priorPositivesPerBlock, priorRows, false);
    }
    double[] thresholds = new double[blocks.size];
    double[] values = new double[blocks.size];
    for (int b = 0; b < blocks.size; b++) {
      // a rounded mean could stray past the block's own scores into a neighbour's; clamping to
      // them keeps the thresholds strictly increasing
      double mean = blocks.scoreSums[b] / blocks.counts[b];
      thresholds[b] = Math.min(Math.max(mean, blocks.lowest[b]), blocks.highest[b]);
      values[b] = (blocks.positives[b] + priorPositivesPerBlock) / (blocks.counts[b] + priorRows);
    }
    return new IsotonicCalibrator(thresholds, values);
  }

  /**
   * Pool-adjacent-violators' blocks as a stack of parallel arrays: a block's score sum, lowest and
   * highest score, positives and rows. Pooling compares rates cross-multiplied, optionally under a
   * prior of some positives in some rows added to every block.
   */
  private static final class Blocks {
    final double[] scoreSums;
    final double[] lowest;
    final double[] highest;
    final double[] positives;
    final double[] counts;
    int size;

    Blocks(int capacity) {
      scoreSums = new double[capacity];
      lowest = new double[capacity];
      highest = new double[capacity];
      positives = new double[capacity];
      counts = new double[capacity];
    }

    void push(double scoreSum, double low, double high, double blockPositives, double blockCount) {
      scoreSums[size] = scoreSum;
      lowest[size] = low;
      highest[size] = high;
      positives[size] = blockPositives;
      counts[size] = blockCount;
      size++;
    }

    /** Pools the top two blocks while the lower one's rate exceeds (or, with {@code equalToo}, equals) the upper's. */
    void poolWhileOutOfOrder(double priorPositives, double priorRows, boolean equalToo) {
      while (size > 1) {
        double lower = (positives[size - 2] + priorPositives) * (counts[size - 1] + priorRows);
        double upper = (positives[size - 1] + priorPositives) * (counts[size - 2] + priorRows);
        if (!(lower > upper || (equalToo && lower == upper))) {
          return;
        }
        scoreSums[size - 2] += scoreSums[size - 1];
        highest[size - 2] = highest[size - 1];
        positives[size - 2] += positives[size - 1];
        counts[size - 2] += counts[size - 1];
        size--;
      }
    }

    /** Runs the blocks through the stack again under another order (a block only moves down). */
    void repool(double priorPositives, double priorRows, boolean equalToo) {
      int n = size;
      size = 0;
      for (int b = 0; b < n; b++) {
        push(scoreSums[b], lowest[b], highest[b], positives[b], counts[b]);
        poolWhileOutOfOrder(priorPositives, priorRows, equalToo);
      }
    }

    double totalPositives() {
      double sum = 0;
      for (int b = 0; b < size; b++) {
        sum += positives[b];
      }
      return sum;
    }

    double totalCount() {
      double sum = 0;
      for (int b = 0; b < size; b++) {
        sum += counts[b];
      }
      return sum;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IsotonicCalibrator that
        && Arrays.equals(thresholds, that.thresholds)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(thresholds) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "IsotonicCalibrator[thresholds="
        + Arrays.toString(thresholds)
        + ", values="
        + Arrays.toString(values)
        + "]";
  }
}
