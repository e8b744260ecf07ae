package io.persona.models.calibration;

import io.persona.models.metrics.BinaryInputs;

/**
 * Undoes the bias of training on a sample in which only a fraction of negatives was kept. Such a
 * model learns odds inflated by 1 / rate, so its probabilities are too high; dividing the odds back
 * gives p / (p + (1 − p) / rate). See He et al. 2014, "Practical Lessons from Predicting Clicks on
 * Ads at Facebook", section 6.
 *
 * @param rate the fraction of negatives kept when building the training set, in (0, 1]
 */
public record DownsamplingCorrection(double rate) {

  public DownsamplingCorrection {
    if (!(rate > 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("rate must be in (0, 1], got " + rate);
    }
  }

  /** The probability on the original, un-downsampled traffic. */
  public double correct(double p) {
    BinaryInputs.requireProbability(p, "p");
    return p / (p + (1.0 - p) / rate);
  }
}
