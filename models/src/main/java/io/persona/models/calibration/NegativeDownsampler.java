package io.persona.models.calibration;

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

  /** The correction to apply to a model trained on what this downsampler keeps. */
  public DownsamplingCorrection correction() {
    return new DownsamplingCorrection(rate);
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
    long hash = mix64(mix64(seed + GOLDEN_GAMMA) ^ exampleKey);
    return (hash >>> 11) * 0x1.0p-53; // top 53 bits: every value exactly representable
  }

  /**
   * The SplitMix64 finalizer (Steele, Lea &amp; Flood 2014): a bijection on 64-bit values in which
   * every input bit affects every output bit, so sequential keys give unrelated outputs.
   */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
