package io.persona.streams.ingest;

import io.persona.actors.user.UserEntity;

/** What became of one submitted event. */
public sealed interface IngestOutcome {
  String eventId();

  /** The user entity answered: accepted (persisted), duplicate, or rejected. */
  record Answered(UserEntity.RecordResult result) implements IngestOutcome {
    @Override
    public String eventId() {
      return result.eventId();
    }
  }

  /**
   * No answer: the node is overloaded, or the journal did not confirm in time. The event may or may
   * not have been persisted; a retry with the same event id is safe either way.
   */
  record Unavailable(String eventId, String reason) implements IngestOutcome {}

  /**
   * A fault of the server (a failure that does not pass by itself, {@link Failures#passes}): the
   * event may or may not have been persisted. HTTP answers 500 with an error id and no retry hint,
   * since the same request would fail the same way; the Kafka consumer submits it again, as it
   * does an unavailable one, because it must not drop an event.
   */
  record Faulted(String eventId, Throwable failure) implements IngestOutcome {}

  /** An event whose recording failed: unavailable when the failure passes by itself, else faulted. */
  static IngestOutcome failed(String eventId, Throwable failure, String reason) {
    return Failures.passes(failure) ? new Unavailable(eventId, reason) : new Faulted(eventId, failure);
  }
}
