package io.persona.models.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Top-K metrics for one ranked list against the set of items the user actually engaged with (binary
 * relevance). Averaging them over users is {@link RankingEvaluation}'s job.
 *
 * <p>A relevant item that appears more than once in {@code ranked} counts only at its first
 * position, so a list with duplicates cannot score above the ideal list. With no relevant items
 * every metric is 0: nothing could have been found.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /** 1 if any relevant item is in the top {@code k}, else 0. */
  public static <T> double hitRate(List<T> ranked, Set<T> relevant, int k) {
    requireArguments(ranked, relevant);
    requireK(k);
    int depth = Math.min(k, ranked.size());
    for (int i = 0; i < depth; i++) {
      if (relevant.contains(ranked.get(i))) {
        return 1.0;
      }
    }
    return 0.0;
  }

  /**
   * Normalized discounted cumulative gain at {@code k} with binary gains: DCG = Σ 1 / log2(rank +
   * 1) over relevant items in the top k (rank from 1), divided by the DCG of an ideal list that
   * puts min(|relevant|, k) relevant items first. The log discount rewards putting a hit at the top
   * of the list rather than anywhere in it, which hit rate does not see.
   */
  public static <T> double ndcg(List<T> ranked, Set<T> relevant, int k) {
    requireArguments(ranked, relevant);
    requireK(k);
    if (relevant.isEmpty()) {
      return 0.0;
    }
    int depth = Math.min(k, ranked.size());
    Set<T> found = new HashSet<>();
    double dcg = 0.0;
    for (int i = 0; i < depth; i++) {
      T item = ranked.get(i);
      if (relevant.contains(item) && found.add(item)) {
        dcg += discount(i + 1);
      }
    }
    double idealDcg = 0.0;
    int idealHits = Math.min(relevant.size(), k);
    for (int rank = 1; rank <= idealHits; rank++) {
      idealDcg += discount(rank);
    }
    return dcg / idealDcg;
  }

  /** 1 / rank (from 1) of the first relevant item in the whole list, 0 if there is none. */
  public static <T> double reciprocalRank(List<T> ranked, Set<T> relevant) {
    requireArguments(ranked, relevant);
    for (int i = 0; i < ranked.size(); i++) {
      if (relevant.contains(ranked.get(i))) {
        return 1.0 / (i + 1);
      }
    }
    return 0.0;
  }

  private static double discount(int rank) {
    return Math.log(2.0) / Math.log(rank + 1.0);
  }

  private static void requireArguments(List<?> ranked, Set<?> relevant) {
    if (ranked == null || relevant == null) {
      throw new IllegalArgumentException("ranked list and relevant set must not be null");
    }
  }

  static void requireK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
  }
}
