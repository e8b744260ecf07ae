package io.persona.models.calibration;

import io.persona.models.hashing.StableHash;
import io.persona.models.metrics.BinaryInputs;

/**
 * Keeps every positive and a fixed fraction of negatives. Clicks are rare, so most training
 * examples are negatives that teach little; dropping most of them cuts training cost without
 * hurting the model much, and {@link DownsamplingCorrection} with the same rate fixes the resulting
 * probabilities.
 *
 * <p>The decision is a pure function of (seed, exampleKey) rather than a random draw, so a
 * restarted or replayed job keeps exactly the same negatives, and raising the rate only adds
 * negatives (the kept set at a lower rate is a subset of the kept set at a higher one).
 *
 * @param rate the fraction of negatives to keep, in (0, 1]
 * @param seed varies which negatives are kept without changing how many
 */
public record NegativeDownsampler(double rate, long seed) {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  public NegativeDownsampler {
    if (!(rate > 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("rate must be in (0, 1], got " + rate);
    }
  }

  /**
   * @param label 1 for a positive, 0 for a negative
   * @param exampleKey a stable id of the example (e.g. a hash of request id and item id)
   */
  public boolean keep(int label, long exampleKey) {
    BinaryInputs.requireLabel(label);
    return label == 1 || unitInterval(exampleKey) < rate;
  }

  /** A uniform value in [0, 1) determined by (seed, exampleKey). */
  double unitInterval(long exampleKey) {
    return StableHash.unit(StableHash.mix64(seed + GOLDEN_GAMMA) ^ exampleKey);
  }
}
