package io.persona.actors.recommend;

import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureVector;
import io.persona.models.ranking.Scores;
import java.util.Arrays;

/**
 * The encoded features and the served ranker's scores of some of a request's candidate rows: all of
 * them where the ranker orders the list, only the slate's where the history blend does (the blend's
 * order needs no feature, and each row's features and score depend on that row alone, so encoding
 * just the shown rows logs exactly what encoding all of them would have).
 *
 * @param batchRow for each candidate row, its row in {@code batch}, or -1 where it was not encoded
 */
record ScoredRows(FeatureBatch batch, Scores scores, int[] batchRow) {

  /** Every candidate row, in order. */
  static ScoredRows all(FeatureBatch batch, Scores scores) {
    int[] identity = new int[batch.rows()];
    Arrays.setAll(identity, row -> row);
    return new ScoredRows(batch, scores, identity);
  }

  /**
   * @param rows      the candidate rows encoded into {@code batch}, in its order
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
