package io.persona.models.learning;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's action that may answer a served slate, as the outcome log holds it: an event of one of
 * the positive types (click, purchase, ...), recorded once the journal confirmed it.
 *
 * @param requestId  the slate the producer says it answers, or null: then it is attributed by
 *                   user and item within the attribution window
 * @param eventTime  when the user acted, by the producer's clock
 * @param recordedAt when Persona acknowledged it, by the node's clock: attribution windows are
 *                   measured on this clock, the one served slates are stamped with. A resent event
 *                   is recorded again with a later time; the join keeps the first (same eventId)
 */
public record Outcome(String eventId, String userId, String itemId, String type, String requestId,
                      Instant eventTime, Instant recordedAt) {

  public Outcome {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }
}
