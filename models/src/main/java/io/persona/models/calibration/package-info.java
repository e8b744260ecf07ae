/**
 * From a model's raw score to a probability that means what it says: the correction for
 * negatives dropped in training ({@link io.persona.models.calibration.NegativeDownsampler} and
 * {@link io.persona.models.calibration.DownsamplingCorrection}, one rate for both) and the sealed
 * {@link io.persona.models.calibration.Calibrator}s (identity, Platt, isotonic) stored in an artifact.
 * Every calibrator is monotone, so calibrating never changes a ranking.
 */
package io.persona.models.calibration;
