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
}
