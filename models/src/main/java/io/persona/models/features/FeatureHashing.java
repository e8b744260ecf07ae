package io.persona.models.features;

/**
 * Stable hashing of (feature, value) into the shared embedding table. Stable across JVMs and
 * releases (unlike {@link String#hashCode()} mixing, which we must not depend on for persisted
 * models), and allocation-free because it runs for every candidate of every request.
 */
final class FeatureHashing {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private FeatureHashing() {}

  static long bucket(long seed, String feature, String value, long buckets) {
    long h = FNV_OFFSET ^ seed;
    h = mix(h, feature);
    h = (h ^ 0x1f) * FNV_PRIME;
    h = mix(h, value == null ? "\u0000missing" : value);
    return Math.floorMod(finish(h), buckets);
  }

  static long bucket(long seed, String feature, String left, String right, long buckets) {
    long h = FNV_OFFSET ^ seed;
    h = mix(h, feature);
    h = (h ^ 0x1f) * FNV_PRIME;
    h = mix(h, left == null ? "\u0000missing" : left);
    h = (h ^ 0x1e) * FNV_PRIME;
    h = mix(h, right == null ? "\u0000missing" : right);
    return Math.floorMod(finish(h), buckets);
  }

  private static long mix(long h, String text) {
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * FNV_PRIME;
    }
    return h;
  }

  /** SplitMix64's finalizer: FNV's low bits are weak, and the modulo uses exactly those. */
  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
