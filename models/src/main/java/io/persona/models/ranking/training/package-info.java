/**
 * Fitting a ranker from time-ordered labelled examples
 * ({@link io.persona.models.ranking.training.RankerFitting}): split by time, downsample negatives,
 * train a copy of the parameters with early stopping (warm-started from a parent model), undo the
 * downsampling and fit the calibration map on the newest slice, and record it all in the
 * artifact.
 */
package io.persona.models.ranking.training;
