package io.persona.models.ranking.training;

/** How the map from corrected scores to probabilities is fitted on held-out data. */
public enum CalibrationMethod {
  /** Keep the corrected score as is. */
  NONE,
  /** Pool-adjacent-violators: any monotone shape, needs a few thousand held-out rows. */
  ISOTONIC,
  /** A logistic map of the logit: two parameters, robust with few positives. */
  PLATT
}
