package io.persona.simulations.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import org.HdrHistogram.Recorder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling to compare against: the same event payloads written straight into a scratch table
 * with the driver's async prepared inserts, {@code driverInFlight} at a time, no actors, no HTTP.
 */
final class RawDriverLoad {
  private final CqlSession session;
  private final EventGenerator generator;
  private final BenchmarkOptions options;
  private final PreparedStatement insert;

  RawDriverLoad(CqlSession session, String keyspace, EventGenerator generator, BenchmarkOptions options) {
    this.session = session;
    this.generator = generator;
    this.options = options;
    session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".bench_raw_events ("
        + "user_id text, event_id text, payload blob, PRIMARY KEY ((user_id), event_id))");
    this.insert = session.prepare("INSERT INTO " + keyspace + ".bench_raw_events (user_id, event_id, payload) VALUES (?, ?, ?)");
  }

  PhaseResult run(Duration duration, String name) throws InterruptedException {
    Recorder latency = new Recorder(3);
    AtomicLong written = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    Semaphore inFlight = new Semaphore(options.driverInFlight());
    SplittableRandom random = new SplittableRandom(7);
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    while (System.nanoTime() < deadline) {
      EventGenerator.Event event = generator.next(random);
      inFlight.acquire();
      long sent = System.nanoTime();
      session.executeAsync(insert.bind(event.userId(), event.eventId(),
              ByteBuffer.wrap(event.json().getBytes(StandardCharsets.UTF_8))))
          .whenComplete((rs, failure) -> {
            latency.recordValue((System.nanoTime() - sent) / 1000);
            if (failure == null) {
              written.incrementAndGet();
            } else {
              failures.incrementAndGet();
            }
            inFlight.release();
          });
    }
    inFlight.acquire(options.driverInFlight());
    double seconds = (System.nanoTime() - started) / 1e9;
    return PhaseResult.of(name, written.get(), seconds, latency.getIntervalHistogram(), failures.get());
  }
}
