package io.persona.models.history;

import io.persona.models.events.UserEvent;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as the interaction log keeps it for learning: who did what to which item, when (the
 * producer's own timestamp, so an imported history keeps its time), and the event's value (a
 * rating's score; null for most types).
 */
public record HistoryEvent(String eventId, String userId, String itemId, String type, Double value, Instant time) {

  public HistoryEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
  }

  public static HistoryEvent of(UserEvent event) {
    return new HistoryEvent(event.eventId(), event.userId(), event.itemId(), event.type(), event.value(),
        event.timestamp());
  }
}
