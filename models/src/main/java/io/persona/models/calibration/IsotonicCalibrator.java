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

    // blocks as a stack of parallel arrays; each starts as one group of tied scores
    int size = groups.size();
    double[] scoreSums = new double[size];
    double[] lowestScores = new double[size];
    double[] highestScores = new double[size];
    double[] positives = new double[size];
    double[] counts = new double[size];
    int blocks = 0;
    for (int g = 0; g < size; g++) {
      scoreSums[blocks] = groups.score(g) * groups.count(g);
      lowestScores[blocks] = groups.score(g);
      highestScores[blocks] = groups.score(g);
      positives[blocks] = groups.positives(g);
      counts[blocks] = groups.count(g);
      blocks++;
      // pool while the previous block's mean label exceeds the new one's (cross-multiplied)
      while (blocks > 1
          && positives[blocks - 2] * counts[blocks - 1]
              > positives[blocks - 1] * counts[blocks - 2]) {
        scoreSums[blocks - 2] += scoreSums[blocks - 1];
        highestScores[blocks - 2] = highestScores[blocks - 1];
        positives[blocks - 2] += positives[blocks - 1];
        counts[blocks - 2] += counts[blocks - 1];
        blocks--;
      }
    }

    double totalPositives = 0;
    double total = 0;
    for (int b = 0; b < blocks; b++) {
      totalPositives += positives[b];
      total += counts[b];
    }
    double baseRate = totalPositives / total;
    // a prior of priorPositives at the base rate weighs priorPositives / baseRate rows; none when
    // the base rate is 0 or 1 (nothing to shrink toward but the same certainty)
    boolean smooth = priorPositives > 0 && baseRate > 0 && baseRate < 1;
    if (smooth) {
      // PAV leaves runs of adjacent blocks with equal rates (200 unclicked rows are 200 blocks of
      // rate 0); the prior must weigh against the whole run, so runs become one block first
      int merged = 0;
      for (int b = 0; b < blocks; b++) {
        if (merged > 0 && positives[merged - 1] * counts[b] == positives[b] * counts[merged - 1]) {
          scoreSums[merged - 1] += scoreSums[b];
          highestScores[merged - 1] = highestScores[b];
          positives[merged - 1] += positives[b];
          counts[merged - 1] += counts[b];
        } else {
          scoreSums[merged] = scoreSums[b];
          lowestScores[merged] = lowestScores[b];
          highestScores[merged] = highestScores[b];
          positives[merged] = positives[b];
          counts[merged] = counts[b];
          merged++;
        }
      }
      blocks = merged;
    }
    double priorRows = smooth ? priorPositives / baseRate : 0;
    double priorPositivesPerBlock = priorRows * baseRate;
    if (smooth) {
      // Shrinking blocks of different sizes can reverse their order (five unclicked rows shrink
      // further up than a thousand rows at half the base rate): pool violators again, by their
      // smoothed rates, so no well-measured block is lifted to a small neighbour's level.
      int pooled = 0;
      for (int b = 0; b < blocks; b++) {
        scoreSums[pooled] = scoreSums[b];
        lowestScores[pooled] = lowestScores[b];
        highestScores[pooled] = highestScores[b];
        positives[pooled] = positives[b];
        counts[pooled] = counts[b];
        pooled++;
        while (pooled > 1 && (positives[pooled - 2] + priorPositivesPerBlock) * (counts[pooled - 1] + priorRows)
            > (positives[pooled - 1] + priorPositivesPerBlock) * (counts[pooled - 2] + priorRows)) {
          scoreSums[pooled - 2] += scoreSums[pooled - 1];
          highestScores[pooled - 2] = highestScores[pooled - 1];
          positives[pooled - 2] += positives[pooled - 1];
          counts[pooled - 2] += counts[pooled - 1];
          pooled--;
        }
      }
      blocks = pooled;
    }
    double[] thresholds = new double[blocks];
    double[] values = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      // a rounded mean could stray past the block's own scores into a neighbour's; clamping to
      // them keeps the thresholds strictly increasing
      double mean = scoreSums[b] / counts[b];
      thresholds[b] = Math.min(Math.max(mean, lowestScores[b]), highestScores[b]);
      values[b] = (positives[b] + priorPositivesPerBlock) / (counts[b] + priorRows);
    }
    return new IsotonicCalibrator(thresholds, values);
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
