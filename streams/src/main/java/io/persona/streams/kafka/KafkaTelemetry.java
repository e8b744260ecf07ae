package io.persona.streams.kafka;

import io.persona.actors.telemetry.Quietly;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Gauge;

/**
 * What this node's Kafka consumer did: records consumed and dead-lettered, events resubmitted
 * after an unavailable answer, and its state (lag, in-flight batches, paused partitions). The
 * events' own fate (accepted, duplicate) is counted by the ingest stream like any other event's.
 * Lag is summed over the partitions this node owns: the cluster's lag is the sum over its nodes.
 */
final class KafkaTelemetry {
  private static final Counter CONSUMED = Kamon.counter("persona.kafka.records.consumed",
      "Records polled from the events topic").withoutTags();
  private static final Counter DEAD_INVALID = deadLettered("invalid");
  private static final Counter DEAD_REJECTED = deadLettered("rejected");
  private static final Counter RESUBMITTED = Kamon.counter("persona.kafka.events.resubmitted",
      "Events from Kafka submitted again after an unavailable answer (node overloaded, Cassandra away)").withoutTags();
  private static final Counter COMMITS = Kamon.counter("persona.kafka.commits",
      "Offset commits after every event up to them was persisted").withoutTags();
  private static final Gauge LAG = Kamon.gauge("persona.kafka.consumer.lag",
      "Records of this node's partitions past the committed offsets (read every persona.kafka.lag-interval)")
      .withoutTags();
  private static final Gauge IN_FLIGHT = Kamon.gauge("persona.kafka.batches.in-flight",
      "Polled batches submitted and not yet committed").withoutTags();
  private static final Gauge PAUSED = Kamon.gauge("persona.kafka.consumer.paused-partitions",
      "Partitions paused because max-in-flight-batches are not yet persisted (backpressure)").withoutTags();
  private static final Gauge ASSIGNED = Kamon.gauge("persona.kafka.consumer.assigned-partitions",
      "Partitions of the events topic this node consumes").withoutTags();
  private static final Gauge OLDEST_BATCH_AGE = Kamon.gauge("persona.kafka.batches.oldest-age-seconds",
      "How long the oldest batch not yet committed has been in flight (0 when none): it grows while an event "
          + "cannot be persisted").withoutTags();
  private static final Gauge LAG_READ_AGE = Kamon.gauge("persona.kafka.consumer.lag-read-age-seconds",
      "Seconds since the consumer last read its lag from the brokers: it grows while they are unreachable")
      .withoutTags();

  private KafkaTelemetry() {}

  private static Counter deadLettered(String reason) {
    return Kamon.counter("persona.kafka.records.dead-lettered",
        "Records sent to the dead-letter topic, by reason: invalid (not a valid event) or rejected (its user "
            + "refused it: event id reused for other content)").withTag("reason", reason);
  }

  static void started() {
    // every series exists (at 0) from the start, so rates and alerts are defined before the first record
    Quietly.run(() -> {
      LAG.update(0);
      IN_FLIGHT.update(0);
      PAUSED.update(0);
      ASSIGNED.update(0);
      OLDEST_BATCH_AGE.update(0);
      LAG_READ_AGE.update(0);
    });
  }

  /** A stopped consumer owns nothing and is behind on nothing. */
  static void stopped() {
    started();
  }

  static void consumed(int records) {
    Quietly.run(() -> CONSUMED.increment(records));
  }

  static void deadLettered(boolean invalid) {
    Quietly.run(() -> (invalid ? DEAD_INVALID : DEAD_REJECTED).increment());
  }

  static void resubmitted(int events) {
    Quietly.run(() -> RESUBMITTED.increment(events));
  }

  static void committed() {
    Quietly.run(COMMITS::increment);
  }

  static void state(int inFlight, int paused, int assigned, double oldestBatchAgeSeconds, double lagReadAgeSeconds) {
    Quietly.run(() -> {
      IN_FLIGHT.update(inFlight);
      PAUSED.update(paused);
      ASSIGNED.update(assigned);
      OLDEST_BATCH_AGE.update(oldestBatchAgeSeconds);
      LAG_READ_AGE.update(lagReadAgeSeconds);
    });
  }

  static void lag(long records) {
    Quietly.run(() -> LAG.update(records));
  }
}
