package io.persona.actors.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fills a slate slot by slot from scored candidates. A slot is eligible for a candidate while its
 * category has fewer than {@code maxPerCategory} items in the slate (relaxed when nothing else is
 * left; 0: no limit). With probability {@code exploration} the slot goes to a candidate drawn uniformly from
 * the exploration pool, otherwise to the best-scored one. The pool is the {@code pool} best-scored
 * eligible candidates (all eligible ones when {@code pool} is 0): exploring among the plausible
 * gives the ranker counterfactual data where its decisions are close, instead of showing users the
 * tail of a few hundred candidates. The logged propensity is the exact probability that the policy
 * chose that candidate for that slot given the slots before it:
 * {@code (1 − ε)·[it was the best] + ε·[it is in the pool] / |pool|}; off-policy estimators need
 * exactly this (a candidate outside the pool has propensity 0 unless it was the best).
 */
public final class SlateSelection {

  /** One filled slot: the candidate's row among those ordered (its index into {@code scores}). */
  public record Pick(int row, double propensity, boolean explored) {}

  private SlateSelection() {}

  /** Exploration over every eligible candidate. */
  public static List<Pick> select(double[] scores, String[] categories, int k, int maxPerCategory,
                                  double exploration, SplittableRandom random) {
    return select(scores, categories, k, maxPerCategory, exploration, 0, random);
  }

  /** @param pool how many of the best eligible candidates exploration draws from; 0 for all */
  public static List<Pick> select(double[] scores, String[] categories, int k, int maxPerCategory,
                                  double exploration, int pool, SplittableRandom random) {
    int n = scores.length;
    int perCategoryLimit = maxPerCategory > 0 ? maxPerCategory : Integer.MAX_VALUE;
    boolean[] taken = new boolean[n];
    Map<String, Integer> perCategory = new HashMap<>();
    List<Pick> picks = new ArrayList<>(Math.min(k, n));
    int[] eligible = new int[n];
    int[] bestFirst = pool > 0 && pool < n ? bestFirst(scores) : null;
    while (picks.size() < Math.min(k, n)) {
      int limit = perCategoryLimit;
      int count = eligibleRows(taken, categories, perCategory, limit, eligible);
      if (count == 0) {
        limit = Integer.MAX_VALUE;
        count = eligibleRows(taken, categories, perCategory, limit, eligible);
      }
      int best = eligible[0];
      for (int i = 1; i < count; i++) {
        if (scores[eligible[i]] > scores[best]) {
          best = eligible[i];
        }
      }
      int poolSize = count;
      if (pool > 0 && pool < count) {
        // the pool: the best-scored eligible rows, best first (ties: the lower row first)
        poolSize = 0;
        for (int r = 0; poolSize < pool; r++) {
          int row = bestFirst[r];
          if (!taken[row] && perCategory.getOrDefault(categories[row], 0) < limit) {
            eligible[poolSize++] = row;
          }
        }
      }
      boolean explore = exploration > 0 && random.nextDouble() < exploration;
      int chosen = explore ? eligible[random.nextInt(poolSize)] : best;
      boolean inPool = false;
      for (int i = 0; i < poolSize && !inPool; i++) {
        inPool = eligible[i] == chosen;
      }
      double propensity = (chosen == best ? 1 - exploration : 0) + (inPool ? exploration / poolSize : 0);
      picks.add(new Pick(chosen, propensity, explore && chosen != best));
      taken[chosen] = true;
      perCategory.merge(categories[chosen], 1, Integer::sum);
    }
    return picks;
  }

  /** Every row, best-scored first; ties: the lower row first, so the order does not depend on the sort. */
  private static int[] bestFirst(double[] scores) {
    return java.util.stream.IntStream.range(0, scores.length).boxed()
        .sorted((a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b))
        .mapToInt(Integer::intValue).toArray();
  }

  private static int eligibleRows(boolean[] taken, String[] categories, Map<String, Integer> perCategory,
                                  int maxPerCategory, int[] into) {
    int count = 0;
    for (int r = 0; r < taken.length; r++) {
      if (!taken[r] && perCategory.getOrDefault(categories[r], 0) < maxPerCategory) {
        into[count++] = r;
      }
    }
    return count;
  }
}
