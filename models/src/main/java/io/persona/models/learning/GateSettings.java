package io.persona.models.learning;

/**
 * How much worse than the champion a challenger may look and still be promoted. Margins absorb
 * the noise of measuring two models on one finite held-out sample; a negative margin instead
 * demands a real improvement.
 *
 * @param aucMargin     challenger AUC may be this much below the champion's
 * @param logLossMargin challenger log-loss may be this much above the champion's
 * @param eceMargin     challenger calibration error may be this much above the champion's
 * @param minExamples   fewer held-out examples than this say too little to decide on
 * @param minPositives  likewise for positives, which AUC and calibration hinge on
 */
public record GateSettings(double aucMargin, double logLossMargin, double eceMargin, long minExamples,
                           long minPositives) {

  public GateSettings {
    if (!Double.isFinite(aucMargin) || !Double.isFinite(logLossMargin) || !Double.isFinite(eceMargin)) {
      throw new IllegalArgumentException("margins must be finite: " + this);
    }
    if (minExamples < 0 || minPositives < 0) {
      throw new IllegalArgumentException("minimum counts must not be negative: " + this);
    }
  }
}
