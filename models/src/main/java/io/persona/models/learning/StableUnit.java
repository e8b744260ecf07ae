package io.persona.models.learning;

import java.nio.charset.StandardCharsets;

/**
 * A value in [0, 1) determined by a string alone: the same on every JVM, run and node (unlike
 * {@link String#hashCode} mixed with a per-process seed, or {@link java.util.Random}), so that
 * re-joining an interval keeps and holds out exactly the same impressions.
 */
final class StableUnit {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private StableUnit() {}

  static double of(String key) {
    long hash = FNV_OFFSET;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    // FNV-1a alone leaves keys that differ in their last character close together in the high
    // bits; the SplitMix64 finalizer spreads every input bit over the whole word.
    hash = (hash ^ (hash >>> 30)) * 0xBF58476D1CE4E5B9L;
    hash = (hash ^ (hash >>> 27)) * 0x94D049BB133111EBL;
    hash ^= hash >>> 31;
    return (hash >>> 11) * 0x1.0p-53;
  }
}
