package io.persona.simulations.scale;

import org.HdrHistogram.Histogram;

/**
 * One measured run of a workload: what completed per second and how long successful requests
 * took. {@code units} are what the workload counts (accepted events, served recommendations);
 * a request is one HTTP call. {@code firstFailure} says why the first failed request failed (null: none did).
 */
record LoadResult(long units, long requests, long failures, double seconds, double p50Millis, double p99Millis,
                  String firstFailure) {

  static LoadResult of(long units, long requests, long failures, double seconds, Histogram latencyMicros,
                       String firstFailure) {
    boolean empty = latencyMicros.getTotalCount() == 0;
    return new LoadResult(units, requests, failures, seconds,
        empty ? Double.NaN : latencyMicros.getValueAtPercentile(50) / 1000.0,
        empty ? Double.NaN : latencyMicros.getValueAtPercentile(99) / 1000.0, firstFailure);
  }

  double unitsPerSecond() {
    return units / seconds;
  }
}
