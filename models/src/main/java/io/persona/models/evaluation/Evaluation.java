package io.persona.models.evaluation;

import io.persona.models.metrics.ReliabilityTable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A ranker measured on labelled examples it was not trained on.
 *
 * @param auc                  of the scores before calibration: the model's ranking, which a calibration
 *                             map (monotone, possibly flat where data is thin) must not be credited with
 * @param eceBeforeCalibration expected calibration error of the corrected scores (before the map)
 * @param eceAfterCalibration  expected calibration error of the calibrated scores, equal-width bins
 *                             (the textbook definition; with click rates of a few percent nearly every
 *                             row falls in the first bin, so it says little: see {@link #eceEqualCount})
 * @param reliability          calibrated scores in equal-count bins: predicted vs observed rate
 */
public record Evaluation(long examples, long positives, double meanPrediction, double auc, double logLoss,
                         double normalizedEntropyBeforeCalibration, double normalizedEntropy, double eceBeforeCalibration, double eceAfterCalibration, ReliabilityTable reliability) {

  /**
   * Expected calibration error of the calibrated scores over equal-count bins (the reliability
   * table's): every bin holds a tenth of the rows, so the error is measured where the predictions
   * are, not in nine empty bins above 10 %. The gate judges calibration by this one.
   */
  public double eceEqualCount() {
    return reliability.expectedCalibrationError();
  }

  public Map<String, Double> asMetrics(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "examples", (double) examples);
    m.put(prefix + "positives", (double) positives);
    m.put(prefix + "mean_prediction", meanPrediction);
    m.put(prefix + "auc", auc);
    m.put(prefix + "logloss", logLoss);
    m.put(prefix + "normalized_entropy_before_calibration", normalizedEntropyBeforeCalibration);
    m.put(prefix + "normalized_entropy", normalizedEntropy);
    m.put(prefix + "ece_before_calibration", eceBeforeCalibration);
    m.put(prefix + "ece_after_calibration", eceAfterCalibration);
    m.put(prefix + "ece_equal_count", eceEqualCount());
    return m;
  }
}
