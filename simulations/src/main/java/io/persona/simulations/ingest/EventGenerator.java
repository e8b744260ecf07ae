package io.persona.simulations.ingest;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Produces event JSON for the benchmark: random users and items (skewed towards popular items, as
 * real traffic is), unique event ids, timestamps near now.
 */
final class EventGenerator {
  private static final String[] TYPES = {"view", "view", "view", "view", "click", "click", "add_to_cart", "purchase"};
  private final AtomicLong sequence = new AtomicLong();
  private final BenchmarkOptions options;
  private final String runId;

  EventGenerator(BenchmarkOptions options, String runId) {
    this.options = options;
    this.runId = runId;
  }

  record Event(String eventId, String userId, String json) {}

  Event next(SplittableRandom random) {
    long seq = sequence.incrementAndGet();
    String eventId = runId + "-" + seq;
    // users are new in every run: a run must not replay the journal an earlier run left behind
    String userId = runId + "-u" + random.nextInt(options.users());
    // squaring a uniform number skews towards low ids: a few items get most events
    double u = random.nextDouble();
    String itemId = "i" + (int) (u * u * options.items());
    String type = TYPES[random.nextInt(TYPES.length)];
    String json = "{\"eventId\":\"" + eventId + "\",\"userId\":\"" + userId + "\",\"type\":\"" + type
        + "\",\"itemId\":\"" + itemId + "\",\"timestamp\":\"" + Instant.now() + "\",\"context\":{\"device\":\"web\"}}";
    return new Event(eventId, userId, json);
  }

  String batch(SplittableRandom random) {
    StringBuilder body = new StringBuilder(options.batchSize() * 160).append('[');
    for (int i = 0; i < options.batchSize(); i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(next(random).json());
    }
    return body.append(']').toString();
  }
}
