package io.persona.models.features;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of repaired inputs per feature. A rising count means an upstream producer changed, which
 * a model would otherwise absorb silently as a shifted distribution.
 */
public final class BadValueCounts {
  private final Map<String, LongAdder> nonFinite = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> clamped = new ConcurrentHashMap<>();

  void nonFinite(String feature) {
    nonFinite.computeIfAbsent(feature, f -> new LongAdder()).increment();
  }

  void clamped(String feature) {
    clamped.computeIfAbsent(feature, f -> new LongAdder()).increment();
  }

  /** NaN or infinite raw values replaced by the feature's fallback, per feature. */
  public Map<String, Long> nonFiniteCounts() {
    return snapshot(nonFinite);
  }

  /** Values outside the feature's range clamped to it, per feature. */
  public Map<String, Long> clampedCounts() {
    return snapshot(clamped);
  }

  public long total() {
    return nonFinite.values().stream().mapToLong(LongAdder::sum).sum()
        + clamped.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((feature, count) -> copy.put(feature, count.sum()));
    return copy;
  }
}
