package io.persona.models.ranking;

/**
 * Scores of one batch, one entry per row, at each stage: what the prediction log records.
 *
 * @param raw        the model's output probability, on the distribution it was trained on
 * @param corrected  after undoing negative downsampling: what a slate is ordered by (the model's own
 *                   ranking; calibration is monotone but can flatten it)
 * @param calibrated after the fitted calibration map: the click probability to report and log
 */
public record Scores(double[] raw, double[] corrected, double[] calibrated) {

  public int size() {
    return calibrated.length;
  }
}
