/**
 * A ranker measured on held-out labelled examples ({@link io.persona.models.evaluation.ModelEvaluation}):
 * AUC of the raw scores, log-loss, calibration error before and after the calibration map, and a
 * reliability table; what model fitting records in an artifact and what the promotion gate compares.
 */
package io.persona.models.evaluation;
