package io.persona.actors.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fills a slate slot by slot from scored candidates. A slot is eligible for a candidate while its
 * category has fewer than {@code maxPerCategory} items in the slate (relaxed when nothing else is
 * left). With probability {@code exploration} the slot goes to a uniformly drawn eligible
 * candidate, otherwise to the best-scored one. The logged propensity is the exact probability
 * that the policy chose that candidate for that slot given the slots before it:
 * {@code (1 − ε)·[it was the best] + ε / |eligible|}; off-policy estimators need exactly this.
 */
public final class SlateSelection {

  /** One filled slot: the candidate's row in the scored batch. */
  public record Pick(int row, double propensity, boolean explored) {}

  private SlateSelection() {}

  public static List<Pick> select(double[] scores, String[] categories, int k, int maxPerCategory,
                                  double exploration, SplittableRandom random) {
    int n = scores.length;
    boolean[] taken = new boolean[n];
    Map<String, Integer> perCategory = new HashMap<>();
    List<Pick> picks = new ArrayList<>(Math.min(k, n));
    int[] eligible = new int[n];
    while (picks.size() < Math.min(k, n)) {
      int count = eligibleRows(taken, categories, perCategory, maxPerCategory, eligible);
      if (count == 0) {
        count = eligibleRows(taken, categories, perCategory, Integer.MAX_VALUE, eligible);
      }
      int best = eligible[0];
      for (int i = 1; i < count; i++) {
        if (scores[eligible[i]] > scores[best]) {
          best = eligible[i];
        }
      }
      boolean explore = exploration > 0 && random.nextDouble() < exploration;
      int chosen = explore ? eligible[random.nextInt(count)] : best;
      double propensity = (chosen == best ? 1 - exploration : 0) + exploration / count;
      picks.add(new Pick(chosen, propensity, explore && chosen != best));
      taken[chosen] = true;
      perCategory.merge(categories[chosen], 1, Integer::sum);
    }
    return picks;
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
