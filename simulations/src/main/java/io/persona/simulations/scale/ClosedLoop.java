package io.persona.simulations.scale;

import org.HdrHistogram.Recorder;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop clients: each of {@code concurrency} threads sends a request, waits for its answer,
 * sends the next. Client i talks to node {@code i % nodes}, so with two nodes the same clients
 * are spread evenly over both. The offered load is the same in every phase; only capacity changes.
 */
final class ClosedLoop {

  /** One request against the node at {@code base}; returns the units it completed, throws if it failed. */
  @FunctionalInterface
  interface Call {
    long send(URI base, SplittableRandom random) throws Exception;
  }

  private ClosedLoop() {}

  static LoadResult run(List<URI> nodes, int concurrency, Duration duration, long seed, Call call)
      throws InterruptedException {
    Recorder latency = new Recorder(3);
    AtomicLong units = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      URI base = nodes.get(i % nodes.size());
      SplittableRandom random = new SplittableRandom(seed * 1_000L + i);
      Thread client = new Thread(() -> {
        while (running.get()) {
          long sent = System.nanoTime();
          try {
            long done = call.send(base, random);
            // latency of successful requests only: a refused one says nothing about serving time
            latency.recordValue((System.nanoTime() - sent) / 1000);
            units.addAndGet(done);
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, e.toString());
          }
          requests.incrementAndGet();
        }
      }, "scale-client-" + i);
      client.start();
      clients.add(client);
    }
    Thread.sleep(duration.toMillis());
    running.set(false);
    for (Thread client : clients) {
      client.join();
    }
    // until the last answer: each client finishes the request it had in flight
    double seconds = (System.nanoTime() - started) / 1e9;
    return LoadResult.of(units.get(), requests.get(), failures.get(), seconds, latency.getIntervalHistogram(),
        firstFailure.get());
  }
}
