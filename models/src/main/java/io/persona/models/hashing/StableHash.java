package io.persona.models.hashing;

import java.nio.charset.StandardCharsets;

/**
 * Hashes that are the same on every JVM, run, node and release (unlike {@link String#hashCode}
 * mixed with a per-process seed, or {@link java.util.Random}): the one place that turns a key into
 * a position in [0, 1) for deterministic sampling (held-out slates, kept negatives, the A/B share),
 * and the one copy of the SplitMix64 finalizer that other stable hashes finish with.
 *
 * <p>The values are pinned by tests: the example join persists which slates it held out and which
 * negatives it kept, and re-joining an old interval must choose the same ones.
 */
public final class StableHash {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private StableHash() {}

  /** FNV-1a 64 of the UTF-8 bytes of {@code key}: finish it with {@link #mix64} before using its bits. */
  public static long fnv1a64(String key) {
    long hash = FNV_OFFSET;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  /** The position of {@code key} in [0, 1): FNV-1a 64 of its UTF-8 bytes, then {@link #unit(long)}. */
  public static double unit(String key) {
    long hash = fnv1a64(key);
    // FNV-1a alone leaves keys that differ in their last character close together in the high
    // bits; the finalizer spreads every input bit over the whole word.
    return unit(hash);
  }

  /** The position of {@code key} in [0, 1): the top 53 bits of its {@link #mix64}, every value exact. */
  public static double unit(long key) {
    return (mix64(key) >>> 11) * 0x1.0p-53;
  }

  /**
   * The SplitMix64 finalizer (Steele, Lea &amp; Flood 2014): a bijection on 64-bit values in which
   * every input bit affects every output bit, so sequential keys give unrelated outputs.
   */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
