package io.persona.models.metrics;

import java.util.List;
import java.util.Set;

/**
 * Running means of HR@K, NDCG@K and MRR over many ranked lists (one per user or request), for a
 * fixed K. Not thread-safe: evaluation is a single pass over a test set.
 *
 * <p>Lists whose relevant set is empty are not averaged in but counted in {@link #skipped()}: a
 * user with no held-out engagement can score nothing, and including them would only scale every
 * mean down by the fraction of such users. MRR uses the whole list as given; truncate it to K first
 * for MRR@K.
 */
public final class RankingEvaluation {
  private final int k;
  private long count;
  private long skipped;
  private double hitRateSum;
  private double ndcgSum;
  private double reciprocalRankSum;

  public RankingEvaluation(int k) {
    RankingMetrics.requireK(k);
    this.k = k;
  }

  /** Scores one ranked list against the items that were relevant for it. */
  public <T> RankingEvaluation add(List<T> ranked, Set<T> relevant) {
    if (relevant != null && relevant.isEmpty()) {
      skipped++;
      return this;
    }
    hitRateSum += RankingMetrics.hitRate(ranked, relevant, k);
    ndcgSum += RankingMetrics.ndcg(ranked, relevant, k);
    reciprocalRankSum += RankingMetrics.reciprocalRank(ranked, relevant);
    count++;
    return this;
  }

  public int k() {
    return k;
  }

  /** Lists averaged in. */
  public long count() {
    return count;
  }

  /** Lists left out because they had no relevant items. */
  public long skipped() {
    return skipped;
  }

  /** Mean HR@K, or NaN before any list was added. */
  public double hitRate() {
    return mean(hitRateSum);
  }

  /** Mean NDCG@K, or NaN before any list was added. */
  public double ndcg() {
    return mean(ndcgSum);
  }

  /** Mean reciprocal rank, or NaN before any list was added. */
  public double meanReciprocalRank() {
    return mean(reciprocalRankSum);
  }

  private double mean(double sum) {
    return count == 0 ? Double.NaN : sum / count;
  }
}
