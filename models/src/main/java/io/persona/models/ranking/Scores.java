package io.persona.models.ranking;

/**
 * Scores of one batch, one entry per row, at each stage: what the prediction log records.
 *
 * @param raw        the model's output probability, on the distribution it was trained on
 * @param corrected  after undoing negative downsampling
 * @param calibrated after the fitted calibration map: the click probability to rank and show
 */
public record Scores(double[] raw, double[] corrected, double[] calibrated) {

  public int size() {
    return calibrated.length;
  }
}
