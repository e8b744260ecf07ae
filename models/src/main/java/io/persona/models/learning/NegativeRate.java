package io.persona.models.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The kept-negative rate w of training rows, read from the rows themselves: the join keeps a
 * training negative with probability w and gives it weight 1/w, so each row carries the rate it was
 * sampled at. A model's downsampling correction must use the rate its rows were drawn at, not
 * today's {@code persona.learning.attribution.negative-rate}: rows joined before an operator changed
 * it (replayed, or still pending) were drawn at the old one.
 *
 * <p>Rows drawn at different rates are brought to the lowest: the join keeps a negative when a hash
 * of (requestId, itemId) is below w ({@link ExampleJoin#keepsNegative}), so the rows kept at a
 * higher rate that the lower one also keeps are exactly the sample the lower rate would have drawn.
 */
public final class NegativeRate {
  /** Rates closer than this are one rate (1 / (1 / w) is not always w in floating point). */
  private static final double SAME = 1e-9;

  private NegativeRate() {}

  /** The lowest rate among the training negatives of {@code rows}; empty when they hold none. */
  public static OptionalDouble lowest(List<TrainingExample> rows) {
    double lowest = Double.NaN;
    for (TrainingExample row : rows) {
      if (isTrainingNegative(row)) {
        double rate = 1 / row.weight();
        lowest = Double.isNaN(lowest) ? rate : Math.min(lowest, rate);
      }
    }
    return Double.isNaN(lowest) ? OptionalDouble.empty() : OptionalDouble.of(lowest);
  }

  /**
   * {@code rows} with the training negatives drawn at a higher rate than {@code rate} thinned to
   * it, and their weights set to 1 / rate; positives and held-out rows unchanged.
   */
  public static List<TrainingExample> drawnAt(List<TrainingExample> rows, double rate) {
    List<TrainingExample> drawn = new ArrayList<>(rows.size());
    for (TrainingExample row : rows) {
      if (!isTrainingNegative(row) || 1 / row.weight() <= rate * (1 + SAME)) {
        drawn.add(row);
      } else if (ExampleJoin.keepsNegative(row.requestId(), row.itemId(), rate)) {
        drawn.add(withWeight(row, 1 / rate));
      }
    }
    return drawn;
  }

  private static boolean isTrainingNegative(TrainingExample row) {
    return row.label() == 0 && !row.holdout() && row.weight() > 0;
  }

  private static TrainingExample withWeight(TrainingExample row, double weight) {
    return new TrainingExample(row.requestId(), row.userId(), row.itemId(), row.servedAt(), row.position(),
        row.source(), row.label(), weight, row.holdout(), row.propensity(), row.rawScore(), row.calibratedScore(),
        row.modelVersion(), row.variant(), row.featureFingerprint(), row.dense(), row.sparse());
  }
}
