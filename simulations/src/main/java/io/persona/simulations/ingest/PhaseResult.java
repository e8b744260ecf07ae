package io.persona.simulations.ingest;

import org.HdrHistogram.Histogram;

/** One measured phase: events per second and latency percentiles in milliseconds. */
record PhaseResult(String name, long events, double seconds, double p50Millis, double p99Millis, long failures) {

  static PhaseResult of(String name, long events, double seconds, Histogram latencyMicros, long failures) {
    return new PhaseResult(name, events, seconds,
        latencyMicros.getValueAtPercentile(50) / 1000.0, latencyMicros.getValueAtPercentile(99) / 1000.0, failures);
  }

  double eventsPerSecond() {
    return events / seconds;
  }
}
