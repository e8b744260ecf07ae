package io.persona.streams.kafka;

import io.persona.models.events.UserEvent;

/**
 * Reads one record's value as one user event, with the same validation as POST /v1/events (the
 * gateway owns the JSON form; this package only moves records).
 */
@FunctionalInterface
public interface RecordDecoder {
  /** What a record's value turned out to be. */
  sealed interface Decoded permits Valid, Invalid {}

  record Valid(UserEvent event) implements Decoded {}

  /** @param reason what is wrong, as a producer should read it (it goes to the dead-letter record) */
  record Invalid(String reason) implements Decoded {}

  /** @param value the record's value; null for a tombstone */
  Decoded decode(byte[] value);
}
