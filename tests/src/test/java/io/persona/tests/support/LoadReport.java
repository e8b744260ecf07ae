package io.persona.tests.support;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of a load run (or a window of it), for assertions and for the log. */
public record LoadReport(long requests, long failed, long eventsSent, long eventsAcknowledged, long latencyP50,
    long latencyP99, long latencyMax, Map<String, Long> failures) {

  public static LoadReport of(List<LoadAttempt> attempts, long eventsAcknowledged) {
    long[] latencies = attempts.stream().mapToLong(LoadAttempt::latencyMillis).sorted().toArray();
    Map<String, Long> failures = new TreeMap<>();
    long eventsSent = 0;
    for (LoadAttempt attempt : attempts) {
      eventsSent += attempt.events();
      if (!attempt.ok()) {
        failures.merge(attempt.kind() + " " + attempt.failure(), 1L, Long::sum);
      }
    }
    return new LoadReport(attempts.size(), attempts.stream().filter(a -> !a.ok()).count(), eventsSent,
        eventsAcknowledged, percentile(latencies, 0.50), percentile(latencies, 0.99),
        latencies.length == 0 ? 0 : latencies[latencies.length - 1], failures);
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  @Override
  public String toString() {
    return requests + " requests, " + failed + " failed, " + eventsSent + " events sent, " + eventsAcknowledged
        + " acknowledged, latency p50 " + latencyP50 + " ms p99 " + latencyP99 + " ms max " + latencyMax + " ms"
        + (failures.isEmpty() ? "" : ", failures " + failures);
  }
}
