package io.persona.actors.user;

import io.persona.actors.telemetry.Quietly;
import kamon.Kamon;
import kamon.metric.Timer;

/** How long a user entity takes to make an event durable (the journal write and the profile update). */
final class UserTelemetry {
  private static final Timer PERSIST_LATENCY = Kamon.timer("persona.events.persist-latency",
      "In the user entity: from handling the RecordEvent command to the event written to the journal and "
          + "applied to the profile").withoutTags();

  private UserTelemetry() {}

  /** @param startedNanos {@link System#nanoTime()} when the entity began handling the command */
  static void persisted(long startedNanos) {
    long elapsed = System.nanoTime() - startedNanos;
    Quietly.run(() -> PERSIST_LATENCY.record(elapsed));
  }
}
