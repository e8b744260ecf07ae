package io.persona.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  private static final double EPS = 1e-12;
  private static final List<String> RANKED = List.of("a", "b", "c", "d", "e");
  // z is relevant but was never ranked: it still counts towards the ideal list
  private static final Set<String> RELEVANT = Set.of("b", "d", "z");

  @Test
  void hitRateIsOneWhenAnyRelevantItemIsInTheTopK() {
    assertEquals(0.0, RankingMetrics.hitRate(RANKED, RELEVANT, 1));
    assertEquals(1.0, RankingMetrics.hitRate(RANKED, RELEVANT, 2));
    assertEquals(1.0, RankingMetrics.hitRate(RANKED, RELEVANT, 50));
    assertEquals(0.0, RankingMetrics.hitRate(RANKED, Set.of("z"), 50));
  }

  @Test
  void ndcgByHand() {
    // k = 3: one hit, b at rank 2: DCG = 1/log2(3) = 0.63093
    //        ideal: min(3 relevant, 3) = 3 hits at ranks 1..3: 1 + 0.63093 + 1/log2(4) = 2.13093
    //        NDCG = 0.63093 / 2.13093 = 0.29608
    assertEquals(0.2960819109658652, RankingMetrics.ndcg(RANKED, RELEVANT, 3), EPS);
    // k = 5: b at 2, d at 4: DCG = 0.63093 + 1/log2(5) = 0.63093 + 0.43068 = 1.06161
    //        ideal unchanged (3 relevant): 2.13093; NDCG = 0.49819
    assertEquals(0.49818925746641285, RankingMetrics.ndcg(RANKED, RELEVANT, 5), EPS);
    // k = 1: a is not relevant
    assertEquals(0.0, RankingMetrics.ndcg(RANKED, RELEVANT, 1), EPS);
  }

  @Test
  void ndcgIdealListIsCappedAtK() {
    // 3 relevant items but k = 2: the ideal has 2 hits (1 + 0.63093); b at rank 2 scores 0.63093
    double expected = (1 / log2(3)) / (1 + 1 / log2(3));
    assertEquals(expected, RankingMetrics.ndcg(RANKED, RELEVANT, 2), EPS);
  }

  @Test
  void ndcgIsOneForAnIdealList() {
    assertEquals(1.0, RankingMetrics.ndcg(List.of("b", "d", "a"), Set.of("b", "d"), 3), EPS);
    assertEquals(1.0, RankingMetrics.ndcg(List.of("b", "d", "a"), Set.of("b", "d", "x"), 2), EPS);
  }

  @Test
  void ndcgCountsARepeatedRelevantItemOnce() {
    // without the guard, b, b would score 1 + 0.63093 against an ideal of 1 + 0.63093 = 1.0
    double expected = 1.0 / (1 + 1 / log2(3));
    assertEquals(expected, RankingMetrics.ndcg(List.of("b", "b", "c"), Set.of("b", "d"), 3), EPS);
  }

  @Test
  void reciprocalRankUsesTheFirstRelevantItemInTheWholeList() {
    assertEquals(0.5, RankingMetrics.reciprocalRank(RANKED, RELEVANT), EPS);
    assertEquals(0.2, RankingMetrics.reciprocalRank(RANKED, Set.of("e")), EPS);
    assertEquals(0.0, RankingMetrics.reciprocalRank(RANKED, Set.of("z")), EPS);
  }

  @Test
  void everyMetricIsZeroWithNoRelevantItemsOrAnEmptyList() {
    assertEquals(0.0, RankingMetrics.hitRate(RANKED, Set.of(), 3));
    assertEquals(0.0, RankingMetrics.ndcg(RANKED, Set.of(), 3));
    assertEquals(0.0, RankingMetrics.reciprocalRank(RANKED, Set.of()));
    assertEquals(0.0, RankingMetrics.ndcg(List.of(), RELEVANT, 3));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> RankingMetrics.hitRate(RANKED, RELEVANT, 0));
    assertThrows(IllegalArgumentException.class, () -> RankingMetrics.ndcg(RANKED, RELEVANT, -1));
    assertThrows(IllegalArgumentException.class, () -> RankingMetrics.ndcg(null, RELEVANT, 3));
    assertThrows(IllegalArgumentException.class, () -> RankingMetrics.reciprocalRank(RANKED, null));
    assertThrows(IllegalArgumentException.class, () -> new RankingEvaluation(0));
  }

  @Test
  void evaluationAveragesOverListsAndSkipsThoseWithoutRelevantItems() {
    RankingEvaluation evaluation = new RankingEvaluation(3);
    assertTrue(Double.isNaN(evaluation.hitRate()));

    // list 1: RANKED vs {b, d, z}: HR@3 1, NDCG@3 0.29608, RR 1/2
    // list 2: [x, y, w, v] vs {v}: HR@3 0, NDCG@3 0, RR 1/4
    // list 3: [v, x] vs {v}: HR@3 1, NDCG@3 1 (ideal is one hit at rank 1), RR 1
    // list 4: no relevant items: skipped
    evaluation
        .add(RANKED, RELEVANT)
        .add(List.of("x", "y", "w", "v"), Set.of("v"))
        .add(List.of("v", "x"), Set.of("v"))
        .add(List.of("x"), Set.<String>of());

    assertEquals(3, evaluation.count());
    assertEquals(1, evaluation.skipped());
    assertEquals(3, evaluation.k());
    assertEquals(2.0 / 3, evaluation.hitRate(), EPS);
    assertEquals((0.2960819109658652 + 0 + 1) / 3, evaluation.ndcg(), EPS);
    assertEquals((0.5 + 0.25 + 1) / 3, evaluation.meanReciprocalRank(), EPS);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
