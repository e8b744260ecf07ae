package io.persona.actors.user;

import io.persona.actors.telemetry.Quietly;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Timer;

/**
 * How long a user entity takes to make an event durable (the journal write and the profile update),
 * where profiles were read from, and how often a profile had to be asked for twice.
 */
final class UserTelemetry {
  private static final Timer PERSIST_LATENCY = Kamon.timer("persona.events.persist-latency",
      "In the user entity: from handling the RecordEvent command to the event written to the journal and "
          + "applied to the profile").withoutTags();

  private static final Counter PROFILE_ASKED_AGAIN = Kamon.counter("persona.users.profile-asked-again",
      "Profiles (for recommendations) asked of their user entity a second time because the first ask timed out "
          + "(a message dropped in a shard hand-off, or a slow recovery)").withoutTags();

  private static final Counter PROFILE_READ_LOCALLY = profileReads("local");
  private static final Counter PROFILE_ASKED = profileReads("entity");

  private UserTelemetry() {}

  private static Counter profileReads(String source) {
    return Kamon.counter("persona.users.profile-reads",
            "Profiles read for recommendations and the profile API, by where they came from: this node's view of "
                + "its own entities (local) or an ask of the user's entity (entity)")
        .withTag("source", source);
  }

  static void profileReadLocally() {
    Quietly.run(PROFILE_READ_LOCALLY::increment);
  }

  static void profileAsked() {
    Quietly.run(PROFILE_ASKED::increment);
  }

  static void profileAskedAgain() {
    Quietly.run(PROFILE_ASKED_AGAIN::increment);
  }

  /** @param startedNanos {@link System#nanoTime()} when the entity began handling the command */
  static void persisted(long startedNanos) {
    long elapsed = System.nanoTime() - startedNanos;
    Quietly.run(() -> PERSIST_LATENCY.record(elapsed));
  }
}
