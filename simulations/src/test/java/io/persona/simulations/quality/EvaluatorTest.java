package io.persona.simulations.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final double EPS = 1e-12;

  /** Items 0-4 known from training; user 0 saw item 0, user 1 saw items 0 and 1 (six events). */
  private final TrainingSet train = new Events(2, 6)
      .add(0, 0, 1).add(1, 0, 2).add(1, 1, 3).add(1, 1, 4).add(1, 1, 5).add(1, 2, 6).add(1, 3, 7).add(1, 4, 8)
      .build();

  /** Scores item i as i: item 4 first, then 3, 2, 1, 0; item 5 (never trained) cannot be listed. */
  private final Scorer byNumber = (user, scores) -> {
    for (int i = 0; i < scores.length; i++) {
      scores[i] = i;
    }
  };

  @Test
  void hitsAtKnownRanksGiveExactMetricsPerSegment() {
    Split split = new Split("test", train, List.of(
        new TestCase(0, new int[] {2}, 1),   // rank 3 of 4,3,2,1,0
        new TestCase(1, new int[] {5}, 7))); // not in the training catalog: a miss
    Evaluation e = new Evaluator(split).evaluate(byNumber, SeenPolicy.INCLUDE);

    assertEquals(2, e.all().users());
    assertEquals(0.5, e.all().hitRate(), EPS);
    assertEquals(0.5 * (1 / log2(4)), e.all().ndcg(), EPS);
    assertEquals(0.5 * (1.0 / 3), e.all().mrr(), EPS);
    assertEquals(1, e.light().users());
    assertEquals(1.0, e.light().hitRate(), EPS);
    assertEquals(1, e.heavy().users());
    assertEquals(0.0, e.heavy().hitRate(), EPS);
    assertEquals(1.0, e.coverage(), EPS, "all 5 training items were listed");
    assertEquals(0, e.unscored());
  }

  @Test
  void excludingSeenItemsMovesTheHitUpAndDropsRepeatTargets() {
    Split split = new Split("test", train, List.of(
        new TestCase(1, new int[] {0}, 7),     // a repeat: cannot be found when seen items are excluded
        new TestCase(0, new int[] {1, 4}, 1))); // item 4 at rank 1 either way
    Evaluation exclude = new Evaluator(split).evaluate(byNumber, SeenPolicy.EXCLUDE);
    assertEquals(1, exclude.unscored());
    assertEquals(1, exclude.all().users());
    assertEquals(1.0, exclude.all().hitRate(), EPS);
    // two relevant items at ranks 1 and 4 (of 4,3,2,1; item 0 seen): DCG 1 + 1/log2(5), ideal 1 + 1/log2(3)
    assertEquals((1 + 1 / log2(5)) / (1 + 1 / log2(3)), exclude.all().ndcg(), EPS);
    assertEquals(1.0, exclude.all().mrr(), EPS);
    assertEquals(0.8, exclude.coverage(), EPS, "item 0 was never listed");

    Evaluation include = new Evaluator(split).evaluate(byNumber, SeenPolicy.INCLUDE);
    assertEquals(0, include.unscored());
    assertEquals(1.0, include.all().hitRate(), EPS, "item 0 at rank 5 of 5 is within K = 10");
    assertEquals((1.0 / 5 + 1.0) / 2, include.all().mrr(), EPS);
  }

  @Test
  void listsMadeElsewhereAreScoredAsAScorersListsWould() {
    Split split = new Split("test", train, List.of(
        new TestCase(0, new int[] {2}, 1),
        new TestCase(1, new int[] {0}, 7),   // a repeat: unscored when seen items are excluded
        new TestCase(1, new int[] {3}, 7))); // not asked
    Evaluator evaluator = new Evaluator(split);
    // user 0 is shown an item the dataset does not know (-1) in second place
    List<int[]> lists = Arrays.asList(new int[] {4, -1, 2}, new int[] {0}, null);

    Evaluation include = evaluator.evaluateLists(lists, SeenPolicy.INCLUDE);
    Evaluation sameAsScored = evaluator.evaluate(byNumber, SeenPolicy.INCLUDE);
    assertEquals(2, include.all().users());
    assertEquals(1, include.unscored(), "the case not asked");
    assertEquals(1.0, include.all().hitRate(), EPS);
    assertEquals((1.0 / 3 + 1.0) / 2, include.all().mrr(), EPS);
    assertEquals(sameAsScored.light().mrr(), include.light().mrr(), EPS, "user 0's list is byNumber's");

    Evaluation exclude = evaluator.evaluateLists(lists, SeenPolicy.EXCLUDE);
    assertEquals(1, exclude.all().users());
    assertEquals(2, exclude.unscored());
    assertEquals(1.0 / 3, exclude.all().mrr(), EPS, "a list is scored as it was shown");
    assertEquals(0.4, exclude.coverage(), EPS, "items 4 and 2 of the 5 training items");

    assertThrows(IllegalArgumentException.class, () -> evaluator.evaluateLists(List.of(), SeenPolicy.INCLUDE));
  }

  @Test
  void equalScoresAreBrokenByTrainingPopularityThenByNumber() {
    Split split = new Split("test", train, List.of());
    Evaluator evaluator = new Evaluator(split);
    // item 1 has 3 events, item 0 has 2, items 2, 3, 4 one each
    assertArrayEquals(new int[] {1, 0, 2, 3, 4}, evaluator.topK(new double[6], 10, item -> item < 5));
    assertArrayEquals(new int[] {4, 1}, evaluator.topK(new double[] {0, 0, 0, 0, 1, 0}, 2, item -> true));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
