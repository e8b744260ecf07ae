package io.persona.models.learning;

import io.persona.models.metrics.StandardNormal;

/**
 * How much worse than the champion a challenger may look and still be promoted, and how sure the
 * gate must be of it. Margins say how much worse is still as good; the AUC confidence makes the
 * gate decide on the lower confidence bound of the paired AUC difference instead of its point
 * value, and the log-loss confidence on the upper bound of the paired bootstrap of the log-loss
 * difference, so a challenger that only looks as good by the luck of one finite held-out sample (a
 * model of noise against a weak champion, say) is refused. A negative margin demands a real
 * improvement.
 *
 * @param aucMargin     challenger AUC may be this much below the champion's
 * @param logLossMargin challenger log-loss may be this much above the champion's
 * @param eceMargin     challenger calibration error (equal-count bins) may be this much above the
 *                      champion's
 * @param minExamples   fewer held-out examples than this say too little to decide on
 * @param minPositives  likewise for positives, which AUC and calibration hinge on
 * @param aucConfidence one-sided confidence of the AUC check, in [0.5, 1): the lower bound of the
 *                      paired difference at this level must be at least −aucMargin; 0.5 compares
 *                      the point values
 * @param logLossConfidence one-sided confidence of the log-loss check, in [0.5, 1): the upper
 *                      bound of the paired bootstrap of the difference must be at most
 *                      logLossMargin; 0.5 compares the point values
 */
public record GateSettings(double aucMargin, double logLossMargin, double eceMargin, long minExamples,
                           long minPositives, double aucConfidence, double logLossConfidence) {

  public GateSettings {
    if (!Double.isFinite(aucMargin) || !Double.isFinite(logLossMargin) || !Double.isFinite(eceMargin)) {
      throw new IllegalArgumentException("margins must be finite: " + this);
    }
    if (minExamples < 0 || minPositives < 0) {
      throw new IllegalArgumentException("minimum counts must not be negative: " + this);
    }
    if (!(aucConfidence >= 0.5 && aucConfidence < 1.0)) {
      throw new IllegalArgumentException("the AUC confidence must be in [0.5, 1): " + this);
    }
    if (!(logLossConfidence >= 0.5 && logLossConfidence < 1.0)) {
      throw new IllegalArgumentException("the log-loss confidence must be in [0.5, 1): " + this);
    }
  }

  /** The point comparisons (both confidences 0.5). */
  public GateSettings(double aucMargin, double logLossMargin, double eceMargin, long minExamples, long minPositives) {
    this(aucMargin, logLossMargin, eceMargin, minExamples, minPositives, 0.5, 0.5);
  }

  /** The standard normal quantile of the AUC confidence: how many standard errors the bound lies below. */
  public double aucZ() {
    return aucConfidence == 0.5 ? 0.0 : StandardNormal.quantile(aucConfidence);
  }
}
