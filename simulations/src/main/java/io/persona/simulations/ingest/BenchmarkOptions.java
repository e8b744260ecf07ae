package io.persona.simulations.ingest;

import java.time.Duration;

/** Knobs of the ingest benchmark, from system properties (-Dbench.users=... etc.). */
record BenchmarkOptions(
    int users, int items, int categories, int batchSize, int httpConcurrency, int driverInFlight,
    Duration warmup, Duration measure) {

  static BenchmarkOptions fromSystemProperties() {
    return new BenchmarkOptions(
        Integer.getInteger("bench.users", 20_000),
        Integer.getInteger("bench.items", 2_000),
        Integer.getInteger("bench.categories", 40),
        Integer.getInteger("bench.batch", 100),
        Integer.getInteger("bench.concurrency", 8),
        Integer.getInteger("bench.driver-in-flight", 256),
        Duration.ofSeconds(Integer.getInteger("bench.warmup-seconds", 15)),
        Duration.ofSeconds(Integer.getInteger("bench.measure-seconds", 30)));
  }
}
