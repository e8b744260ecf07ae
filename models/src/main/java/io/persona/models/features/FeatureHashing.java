package io.persona.models.features;

import io.persona.models.hashing.StableHash;

/**
 * Stable hashing of (feature, value) into the shared embedding table. Stable across JVMs and
 * releases (unlike {@link String#hashCode()} mixing, which we must not depend on for persisted
 * models), and allocation-free because it runs for every candidate of every request. FNV-1a,
 * finished with {@link StableHash#mix64}: FNV's low bits are weak, and the modulo uses exactly those.
 */
final class FeatureHashing {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private FeatureHashing() {}

  static long bucket(long seed, String feature, String value, long buckets) {
    return bucketAfter(prefix(seed, feature), value, buckets);
  }

  static long bucket(long seed, String feature, String left, String right, long buckets) {
    return bucketAfter(prefix(seed, feature), left, right, buckets);
  }

  /**
   * The hash state after the seed and the feature's name: the same for every value of the feature,
   * so serving computes it once per spec rather than once per candidate and feature.
   */
  static long prefix(long seed, String feature) {
    return (mix(FNV_OFFSET ^ seed, feature) ^ 0x1f) * FNV_PRIME;
  }

  /** {@link #bucket(long, String, String, long)} from the feature's {@link #prefix}. */
  static long bucketAfter(long prefix, String value, long buckets) {
    long h = mix(prefix, value == null ? "\u0000missing" : value);
    return Math.floorMod(StableHash.mix64(h), buckets);
  }

  /** {@link #bucket(long, String, String, String, long)} from the feature's {@link #prefix}. */
  static long bucketAfter(long prefix, String left, String right, long buckets) {
    long h = mix(prefix, left == null ? "\u0000missing" : left);
    h = (h ^ 0x1e) * FNV_PRIME;
    h = mix(h, right == null ? "\u0000missing" : right);
    return Math.floorMod(StableHash.mix64(h), buckets);
  }

  private static long mix(long h, String text) {
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * FNV_PRIME;
    }
    return h;
  }
}
