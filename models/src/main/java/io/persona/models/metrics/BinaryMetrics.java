package io.persona.models.metrics;

/**
 * Offline metrics for a binary classifier (click / no click). AUC says whether the model orders
 * examples well; log loss and normalized entropy also say whether its probabilities are right,
 * which matters because ranking mixes the probability with bids, boosts and other models.
 */
public final class BinaryMetrics {
  /** Probabilities are clipped this far from 0 and 1 so one confident mistake costs ~16, not ∞. */
  static final double EPSILON = 1e-7;

  private BinaryMetrics() {}

  /**
   * ROC AUC: the probability that a random positive scores above a random negative, a tie counting
   * one half. Computed from the rank sum of the positives (Mann-Whitney U) with tied scores sharing
   * their average rank, so it is O(n log n) rather than O(n⁺ · n⁻) pair counting.
   *
   * @return the AUC, or {@link Double#NaN} when every label is the same: with no positive-negative
   *     pair the quantity is undefined, and NaN keeps a 0.5 or 1.0 from being mistaken for a result
   */
  public static double auc(double[] scores, int[] labels) {
    DistinctScores groups = DistinctScores.of(scores, labels);
    long positives = groups.totalPositives();
    long negatives = groups.total() - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double positiveRankSum = 0.0;
    long ranked = 0;
    for (int g = 0; g < groups.size(); g++) {
      long count = groups.count(g);
      // the group holds ranks ranked + 1 .. ranked + count (1-based); each gets their mean
      double averageRank = ranked + (count + 1) / 2.0;
      positiveRankSum += groups.positives(g) * averageRank;
      ranked += count;
    }
    double u = positiveRankSum - positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
  }

  /**
   * Mean negative log-likelihood (natural log) of the labels under the predicted probabilities,
   * each clipped to [1e-7, 1 − 1e-7].
   */
  public static double logLoss(double[] probabilities, int[] labels) {
    BinaryInputs.requireProbabilities(probabilities, labels);
    double sum = 0.0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = Math.min(Math.max(probabilities[i], EPSILON), 1.0 - EPSILON);
      sum -= labels[i] == 1 ? Math.log(p) : Math.log1p(-p);
    }
    return sum / probabilities.length;
  }

  /**
   * Log loss divided by the entropy of the empirical base rate: the log loss of always predicting
   * the average CTR. Raw log loss moves with the base rate (a day with fewer clicks looks
   * "better"), so comparing days or traffic segments needs this normalization; below 1 means the
   * model beats the constant prediction. See He et al. 2014, "Practical Lessons from Predicting
   * Clicks on Ads at Facebook".
   *
   * @return the normalized entropy, or {@link Double#NaN} when the base rate is 0 or 1 (the
   *     baseline entropy is 0 and there is nothing to normalize by)
   */
  public static double normalizedEntropy(double[] probabilities, int[] labels) {
    double logLoss = logLoss(probabilities, labels);
    long positives = 0;
    for (int label : labels) {
      positives += label;
    }
    if (positives == 0 || positives == labels.length) {
      return Double.NaN;
    }
    double baseRate = (double) positives / labels.length;
    double baselineEntropy =
        -(baseRate * Math.log(baseRate) + (1 - baseRate) * Math.log1p(-baseRate));
    return logLoss / baselineEntropy;
  }
}
