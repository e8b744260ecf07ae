package io.persona.actors.recommend;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlateSelectionTest {

  @Test
  void withoutExplorationTheSlateIsTheTopScoresWithPropensityOne() {
    double[] scores = {0.1, 0.9, 0.5, 0.7};
    String[] categories = {"a", "b", "c", "d"};
    List<SlateSelection.Pick> picks = SlateSelection.select(scores, categories, 3, 10, 0, new SplittableRandom(1));
    assertEquals(List.of(1, 3, 2), picks.stream().map(SlateSelection.Pick::row).toList());
    picks.forEach(p -> {
      assertEquals(1.0, p.propensity());
      assertFalse(p.explored());
    });
  }

  @Test
  void noCategoryExceedsItsShareWhileOthersAreLeft() {
    double[] scores = {0.9, 0.8, 0.7, 0.6, 0.1, 0.05};
    String[] categories = {"shoes", "shoes", "shoes", "shoes", "hats", "bags"};
    List<SlateSelection.Pick> picks = SlateSelection.select(scores, categories, 4, 2, 0, new SplittableRandom(1));
    assertEquals(List.of(0, 1, 4, 5), picks.stream().map(SlateSelection.Pick::row).toList());
  }

  @Test
  void aLimitOfZeroKeepsTheScoreOrder() {
    double[] scores = {0.9, 0.8, 0.7, 0.6, 0.1};
    String[] categories = {"shoes", "shoes", "shoes", "shoes", "hats"};
    List<SlateSelection.Pick> picks = SlateSelection.select(scores, categories, 4, 0, 0, new SplittableRandom(1));
    assertEquals(List.of(0, 1, 2, 3), picks.stream().map(SlateSelection.Pick::row).toList());
  }

  @Test
  void theRuleRelaxesWhenOnlyOneCategoryRemains() {
    double[] scores = {0.9, 0.8, 0.7};
    String[] categories = {"shoes", "shoes", "shoes"};
    assertEquals(3, SlateSelection.select(scores, categories, 3, 1, 0, new SplittableRandom(1)).size());
  }

  @Test
  void neverMoreItemsThanCandidatesAndNoDuplicates() {
    double[] scores = {0.3, 0.2};
    List<SlateSelection.Pick> picks = SlateSelection.select(scores, new String[] {"a", "a"}, 10, 5, 0.5,
        new SplittableRandom(3));
    assertEquals(2, picks.size());
    assertTrue(picks.get(0).row() != picks.get(1).row());
  }

  /** The logged propensity must be the real frequency with which the policy makes that choice. */
  @Test
  void loggedPropensitiesMatchObservedFrequencies() {
    double[] scores = {0.9, 0.5, 0.4, 0.3, 0.2};
    String[] categories = {"a", "b", "c", "d", "e"};
    double epsilon = 0.3;
    int trials = 40_000;
    SplittableRandom random = new SplittableRandom(11);
    Map<Integer, Integer> firstSlot = new HashMap<>();
    Map<Integer, Double> loggedPropensity = new HashMap<>();
    for (int t = 0; t < trials; t++) {
      SlateSelection.Pick first = SlateSelection.select(scores, categories, 2, 5, epsilon, random).get(0);
      firstSlot.merge(first.row(), 1, Integer::sum);
      loggedPropensity.put(first.row(), first.propensity());
    }
    assertEquals(0.7 + 0.3 / 5, loggedPropensity.get(0), 1e-12);
    assertEquals(0.3 / 5, loggedPropensity.get(3), 1e-12);
    for (Map.Entry<Integer, Integer> e : firstSlot.entrySet()) {
      double observed = e.getValue() / (double) trials;
      assertEquals(loggedPropensity.get(e.getKey()), observed, 0.01, "row " + e.getKey());
    }
  }

  @Test
  void explorationDrawsOnlyFromThePoolWithExactPropensities() {
    double[] scores = {0.9, 0.5, 0.4, 0.3, 0.2, 0.1};
    String[] categories = {"a", "b", "c", "d", "e", "f"};
    double epsilon = 0.3;
    int trials = 40_000;
    SplittableRandom random = new SplittableRandom(12);
    Map<Integer, Integer> firstSlot = new HashMap<>();
    Map<Integer, Double> loggedPropensity = new HashMap<>();
    for (int t = 0; t < trials; t++) {
      SlateSelection.Pick first = SlateSelection.select(scores, categories, 2, 5, epsilon, 3, random).get(0);
      firstSlot.merge(first.row(), 1, Integer::sum);
      loggedPropensity.put(first.row(), first.propensity());
    }
    assertEquals(Set.of(0, 1, 2), firstSlot.keySet(), "only the 3 best are ever drawn");
    assertEquals(0.7 + 0.3 / 3, loggedPropensity.get(0), 1e-12);
    assertEquals(0.3 / 3, loggedPropensity.get(2), 1e-12);
    for (Map.Entry<Integer, Integer> e : firstSlot.entrySet()) {
      assertEquals(loggedPropensity.get(e.getKey()), e.getValue() / (double) trials, 0.01, "row " + e.getKey());
    }
  }

  /**
   * The pool is taken from one ordering of every row made up front instead of a sort per slot: the
   * slates, propensities and draws must be exactly those of the per-slot sort (a logged slate can
   * be reproduced from its request id), here over random scores with ties, categories and limits.
   */
  @Test
  void thePoolFromOneOrderingGivesTheSameSlatesAsASortPerSlot() {
    SplittableRandom inputs = new SplittableRandom(5);
    for (int trial = 0; trial < 2_000; trial++) {
      int n = 1 + inputs.nextInt(80);
      double[] scores = new double[n];
      String[] categories = new String[n];
      for (int r = 0; r < n; r++) {
        scores[r] = inputs.nextInt(20) / 20.0; // ties on purpose
        categories[r] = "c" + inputs.nextInt(4);
      }
      int k = 1 + inputs.nextInt(12);
      int limit = inputs.nextInt(4);
      int pool = inputs.nextInt(12);
      long seed = inputs.nextLong();
      List<SlateSelection.Pick> expected = sortPerSlot(scores, categories, k, limit, 0.3, pool, new SplittableRandom(seed));
      assertEquals(expected, SlateSelection.select(scores, categories, k, limit, 0.3, pool, new SplittableRandom(seed)),
          "trial " + trial);
    }
  }

  /** The selection as it was written before: the eligible rows sorted for each slot. */
  private static List<SlateSelection.Pick> sortPerSlot(double[] scores, String[] categories, int k, int maxPerCategory,
                                                       double exploration, int pool, SplittableRandom random) {
    int n = scores.length;
    int limit = maxPerCategory > 0 ? maxPerCategory : Integer.MAX_VALUE;
    boolean[] taken = new boolean[n];
    Map<String, Integer> perCategory = new HashMap<>();
    List<SlateSelection.Pick> picks = new java.util.ArrayList<>();
    while (picks.size() < Math.min(k, n)) {
      List<Integer> eligible = new java.util.ArrayList<>();
      for (int r = 0; r < n; r++) {
        if (!taken[r] && perCategory.getOrDefault(categories[r], 0) < limit) {
          eligible.add(r);
        }
      }
      if (eligible.isEmpty()) {
        for (int r = 0; r < n; r++) {
          if (!taken[r]) {
            eligible.add(r);
          }
        }
      }
      int best = eligible.get(0);
      for (int row : eligible) {
        if (scores[row] > scores[best]) {
          best = row;
        }
      }
      int poolSize = eligible.size();
      if (pool > 0 && pool < eligible.size()) {
        eligible.sort((a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b));
        poolSize = pool;
      }
      boolean explore = exploration > 0 && random.nextDouble() < exploration;
      int chosen = explore ? eligible.get(random.nextInt(poolSize)) : best;
      boolean inPool = eligible.subList(0, poolSize).contains(chosen);
      double propensity = (chosen == best ? 1 - exploration : 0) + (inPool ? exploration / poolSize : 0);
      picks.add(new SlateSelection.Pick(chosen, propensity, explore && chosen != best));
      taken[chosen] = true;
      perCategory.merge(categories[chosen], 1, Integer::sum);
    }
    return picks;
  }
}
