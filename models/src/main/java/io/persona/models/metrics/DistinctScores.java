package io.persona.models.metrics;

import java.util.Arrays;

/**
 * Labelled scores collapsed to their distinct values in ascending order, each with how many
 * examples had it and how many of those were positive. AUC, equal-count calibration bins and
 * isotonic regression all need sorted scores with ties treated as one unit; doing that once here
 * keeps the tie rule identical everywhere, and sorting two primitive arrays instead of boxed
 * indices keeps tens of millions of examples cheap.
 */
public final class DistinctScores {
  private final double[] scores;
  private final long[] counts;
  private final long[] positives;
  private final long totalPositives;
  private final long total;

  private DistinctScores(double[] scores, long[] counts, long[] positives, long totalPositives) {
    this.scores = scores;
    this.counts = counts;
    this.positives = positives;
    this.totalPositives = totalPositives;
    this.total = Arrays.stream(counts).sum();
  }

  /**
   * Groups {@code scores} by value. Scores may be any non-NaN value; −0.0 and 0.0 are one value.
   *
   * @throws IllegalArgumentException for empty or mismatched input, NaN scores or labels other than
   *     0 and 1
   */
  public static DistinctScores of(double[] scores, int[] labels) {
    BinaryInputs.requireScores(scores, labels);
    int positiveCount = 0;
    for (int label : labels) {
      positiveCount += label;
    }
    double[] positiveScores = new double[positiveCount];
    double[] negativeScores = new double[labels.length - positiveCount];
    int p = 0;
    int q = 0;
    for (int i = 0; i < scores.length; i++) {
      if (labels[i] == 1) {
        positiveScores[p++] = scores[i];
      } else {
        negativeScores[q++] = scores[i];
      }
    }
    Arrays.sort(positiveScores);
    Arrays.sort(negativeScores);

    // merge the two sorted runs, one group per distinct value
    double[] values = new double[scores.length];
    long[] counts = new long[scores.length];
    long[] positives = new long[scores.length];
    int groups = 0;
    p = 0;
    q = 0;
    while (p < positiveScores.length || q < negativeScores.length) {
      double value;
      if (p == positiveScores.length) {
        value = negativeScores[q];
      } else if (q == negativeScores.length) {
        value = positiveScores[p];
      } else {
        value = Math.min(positiveScores[p], negativeScores[q]);
      }
      long positivesHere = 0;
      long negativesHere = 0;
      while (p < positiveScores.length && positiveScores[p] == value) {
        p++;
        positivesHere++;
      }
      while (q < negativeScores.length && negativeScores[q] == value) {
        q++;
        negativesHere++;
      }
      values[groups] = value == 0.0 ? 0.0 : value; // −0.0 reads as 0.0
      counts[groups] = positivesHere + negativesHere;
      positives[groups] = positivesHere;
      groups++;
    }
    return new DistinctScores(
        Arrays.copyOf(values, groups),
        Arrays.copyOf(counts, groups),
        Arrays.copyOf(positives, groups),
        positiveCount);
  }

  /** How many distinct scores there are. */
  public int size() {
    return scores.length;
  }

  /** The i-th smallest distinct score. */
  public double score(int i) {
    return scores[i];
  }

  /** How many examples have the i-th score. */
  public long count(int i) {
    return counts[i];
  }

  /** How many examples with the i-th score are positive. */
  public long positives(int i) {
    return positives[i];
  }

  /** The number of examples. */
  public long total() {
    return total;
  }

  /** The number of positive examples. */
  public long totalPositives() {
    return totalPositives;
  }
}
