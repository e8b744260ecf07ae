package io.persona.actors.recommend;

import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureVector;
import io.persona.models.ranking.Scores;
import java.util.Arrays;

/**
 * The encoded features and the served ranker's scores of some of a request's candidate rows: all of
 * them where the ranker orders the list, only the slate's (in the slate's order) where the history
 * blend does. The blend's order needs no feature, and each row's features depend on that row alone,
 * so encoding just the shown rows logs the same features as encoding all of them; a network's score
 * of a row is the same up to the last bits of float rounding (a smaller batch may take another
 * matrix kernel).
 *
 * @param batchRow for each candidate row, its row in {@code batch}, or -1 where it was not encoded
 *                 (candidate rows and batch rows differ whenever the slate's order is not the
 *                 candidates' order: always read through this map)
 */
record ScoredRows(FeatureBatch batch, Scores scores, int[] batchRow) {

  /**
   * @param rows       the candidate rows encoded into {@code batch}, in its order
   * @param candidates how many candidate rows the request has
   */
  static ScoredRows of(int[] rows, int candidates, FeatureBatch batch, Scores scores) {
    int[] batchRow = new int[candidates];
    Arrays.fill(batchRow, -1);
    for (int i = 0; i < rows.length; i++) {
      batchRow[rows[i]] = i;
    }
    return new ScoredRows(batch, scores, batchRow);
  }

  FeatureVector features(int row) {
    return batch.row(at(row));
  }

  double raw(int row) {
    return scores.raw()[at(row)];
  }

  double calibrated(int row) {
    return scores.calibrated()[at(row)];
  }

  private int at(int row) {
    int at = batchRow[row];
    if (at < 0) {
      throw new IllegalArgumentException("candidate row " + row + " was not scored");
    }
    return at;
  }
}
