package io.persona.models.calibration;

import io.persona.models.metrics.BinaryInputs;

/**
 * Leaves probabilities unchanged. The explicit no-op lets an artifact always carry a calibrator, so
 * serving code never branches on "is there one".
 */
public record IdentityCalibrator() implements Calibrator {

  @Override
  public double calibrate(double p) {
    return BinaryInputs.requireProbability(p, "p");
  }
}
