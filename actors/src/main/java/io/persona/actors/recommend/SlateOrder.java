package io.persona.actors.recommend;

import io.persona.models.ranking.Scores;

/**
 * What a trained ranker's slate is picked by: the model's own score with the downsampling undone
 * (the corrected probability), never the calibrated one. Calibration is monotone, so it cannot
 * improve the order, but it can flatten it: an isotonic map is constant above its last knot and
 * between knots, and Platt with its slope clamped at 0 maps every score to one value. Picking by
 * those would hand the top of the slate to retrieval order among ties. The calibrated probability
 * is still what is reported and logged.
 */
final class SlateOrder {
  private SlateOrder() {}

  static double[] of(Scores scores) {
    return scores.corrected();
  }
}
