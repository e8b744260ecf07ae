package io.persona.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DistinctScoresTest {

  @Test
  void groupsTiedScoresInAscendingOrderWithTheirPositives() {
    // 0.8 x3 (positives 2), 0.3 x1 (0), -1.5 x2 (1)
    DistinctScores groups =
        DistinctScores.of(
            new double[] {0.8, 0.3, 0.8, -1.5, 0.8, -1.5}, new int[] {1, 0, 0, 1, 1, 0});

    assertEquals(3, groups.size());
    assertEquals(-1.5, groups.score(0));
    assertEquals(0.3, groups.score(1));
    assertEquals(0.8, groups.score(2));
    assertEquals(2, groups.count(0));
    assertEquals(1, groups.count(1));
    assertEquals(3, groups.count(2));
    assertEquals(1, groups.positives(0));
    assertEquals(0, groups.positives(1));
    assertEquals(2, groups.positives(2));
    assertEquals(6, groups.total());
    assertEquals(3, groups.totalPositives());
  }

  @Test
  void negativeZeroAndZeroAreOneScore() {
    // Arrays.sort orders -0.0 before 0.0; they must still be one tie
    DistinctScores groups = DistinctScores.of(new double[] {0.0, -0.0, 0.5}, new int[] {1, 0, 0});

    assertEquals(2, groups.size());
    assertEquals(0.0, groups.score(0));
    assertEquals(2, groups.count(0));
    assertEquals(1, groups.positives(0));
  }

  @Test
  void handlesASingleClass() {
    DistinctScores groups = DistinctScores.of(new double[] {0.2, 0.1, 0.2}, new int[] {0, 0, 0});
    assertEquals(2, groups.size());
    assertEquals(0, groups.totalPositives());
    assertEquals(2, groups.count(1));
  }

  @Test
  void rejectsBadInput() {
    assertThrows(
        IllegalArgumentException.class, () -> DistinctScores.of(new double[0], new int[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> DistinctScores.of(new double[] {Double.NaN}, new int[] {1}));
    assertThrows(
        IllegalArgumentException.class, () -> DistinctScores.of(new double[] {0.1}, new int[] {5}));
  }
}
