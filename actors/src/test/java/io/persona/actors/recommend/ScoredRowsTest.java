package io.persona.actors.recommend;

import io.persona.models.features.FeatureBatch;
import io.persona.models.ranking.Scores;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScoredRowsTest {
  /** Two encoded rows (one dense, one sparse column each) for candidate rows 3 and 1 of 5. */
  private static ScoredRows shownRows() {
    FeatureBatch batch = new FeatureBatch(2, 1, 1, new float[] {0.3f, 0.1f}, new long[] {33, 11},
        new String[] {"d", "b"});
    Scores scores = new Scores(new double[] {3, 1}, new double[] {3, 1}, new double[] {0.03, 0.01});
    return ScoredRows.of(new int[] {3, 1}, 5, batch, scores);
  }

  @Test
  void aCandidateRowReadsItsOwnBatchRow() {
    ScoredRows rows = shownRows();
    assertArrayEquals(new float[] {0.3f}, rows.features(3).dense());
    assertArrayEquals(new long[] {11}, rows.features(1).sparse());
    assertEquals(3, rows.raw(3));
    assertEquals(0.01, rows.calibrated(1));
  }

  @Test
  void aRowThatWasNotEncodedIsAnErrorNotAnotherRowsFeatures() {
    ScoredRows rows = shownRows();
    assertThrows(IllegalArgumentException.class, () -> rows.features(0));
    assertThrows(IllegalArgumentException.class, () -> rows.raw(4));
  }

  @Test
  void everyCandidateInTheSlatesOrderStillReadsItsOwnRow() {
    // a page no longer than k: the slate shows every candidate, in another order than the candidates'
    FeatureBatch batch = new FeatureBatch(3, 1, 0, new float[] {2, 0, 1}, new long[0], new String[] {"c", "a", "b"});
    Scores scores = new Scores(new double[] {2, 0, 1}, new double[] {2, 0, 1}, new double[] {0.2, 0.0, 0.1});
    ScoredRows all = ScoredRows.of(new int[] {2, 0, 1}, 3, batch, scores);
    for (int row = 0; row < 3; row++) {
      assertArrayEquals(new float[] {row}, all.features(row).dense(), "candidate row " + row);
      assertEquals(row, all.raw(row));
      assertEquals(row / 10.0, all.calibrated(row));
    }
  }
}
