package io.persona.streams.ingest;

import io.persona.actors.telemetry.Quietly;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Timer;

import java.util.Locale;

/**
 * What became of ingested events (one count per event, REST and WebSocket alike) and how long
 * their answer took. The time the entity took to persist is {@code UserTelemetry}'.
 */
public final class IngestTelemetry {
  private static final Counter INGESTED = Kamon.counter("persona.events.ingested",
      "Events persisted by their user entity and acknowledged").withoutTags();
  private static final Counter DUPLICATES = Kamon.counter("persona.events.duplicates",
      "Redelivered events (an event id the user already recorded with the same content): acknowledged, "
          + "nothing persisted").withoutTags();
  private static final Counter RETRIED = Kamon.counter("persona.events.retried",
      "Events asked of their user entity a second time because the first ask timed out (a message dropped "
          + "in a shard hand-off, or a slow journal)").withoutTags();
  private static final Timer INGEST_LATENCY = Kamon.timer("persona.events.ingest-latency",
      "In the ingest stream: from an event entering the queue to its user entity's answer (queue wait, "
          + "category lookup, sharding hop, persist, outcome log)").withoutTags();

  /** Why events were refused; nothing of them was persisted, and resending them unchanged will not help. */
  public enum Rejection {
    /** the gateway's validation failed (the whole batch is refused) */
    INVALID,
    /** a request or message carried more events than allowed */
    TOO_MANY,
    /** the user entity refused it: its event id was already used for different content */
    ID_CONFLICT;

    private final Counter counter = Kamon.counter("persona.events.rejected",
        "Events refused, by reason; nothing of them was persisted")
        .withTag("reason", name().toLowerCase(Locale.ROOT));
  }

  /** Why events were not confirmed; they may or may not be persisted, and a resend is safe. */
  public enum Unconfirmed {
    /** the ingest queue was full: the node is overloaded */
    OVERLOADED,
    /** the journal did not confirm within the ask timeout */
    TIMEOUT,
    /** any other failure (the entity's shard unreachable, Cassandra down, ...) */
    ERROR;

    private final Counter counter = Kamon.counter("persona.events.unconfirmed",
        "Events answered 503 (resend safely), by reason")
        .withTag("reason", name().toLowerCase(Locale.ROOT));
  }

  static {
    // every reason's series exists (at 0) from the first event on, so that a rate over it is
    // defined before the first refusal
    Rejection.values();
    Unconfirmed.values();
  }

  private IngestTelemetry() {}

  public static void ingested() {
    Quietly.run(INGESTED::increment);
  }

  public static void duplicate() {
    Quietly.run(DUPLICATES::increment);
  }

  public static void retried() {
    Quietly.run(RETRIED::increment);
  }

  public static void rejected(Rejection reason, long events) {
    Quietly.run(() -> reason.counter.increment(events));
  }

  public static void unconfirmed(Unconfirmed reason) {
    Quietly.run(reason.counter::increment);
  }

  /** @param submittedNanos {@link System#nanoTime()} when the event entered the ingest queue */
  public static void answered(long submittedNanos) {
    long elapsed = System.nanoTime() - submittedNanos;
    Quietly.run(() -> INGEST_LATENCY.record(elapsed));
  }
}
