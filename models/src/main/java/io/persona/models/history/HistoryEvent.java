package io.persona.models.history;

import io.persona.models.events.UserEvent;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One event as the interaction log keeps it for learning: who did what to which item, when (the
 * producer's own timestamp, so an imported history keeps its time), and the event's value (a
 * rating's score; null for most types).
 *
 * @param arrival where the event came among the node's writes to the log (larger: later), so that
 *                events of one moment keep the order they came in (the lines of one order, a
 *                series rated in one second); 0 where it is not known (rows written before the log
 *                kept it, events not read from the log), and such events of one moment follow
 *                their ids
 */
public record HistoryEvent(String eventId, String userId, String itemId, String type, Double value, Instant time,
                           long arrival) {
  /**
   * A user's events oldest first: by time, events of one moment in arrival order, then by id (a
   * total order, so a model trained from them does not depend on the order they were read in).
   */
  public static final Comparator<HistoryEvent> IN_ORDER = Comparator.comparing(HistoryEvent::time)
      .thenComparingLong(HistoryEvent::arrival).thenComparing(HistoryEvent::eventId);

  public HistoryEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
  }

  /** An event whose arrival is not known. */
  public HistoryEvent(String eventId, String userId, String itemId, String type, Double value, Instant time) {
    this(eventId, userId, itemId, type, value, time, 0);
  }

  /** The same event, arrived {@code newArrival}-th. */
  public HistoryEvent withArrival(long newArrival) {
    return new HistoryEvent(eventId, userId, itemId, type, value, time, newArrival);
  }

  public static HistoryEvent of(UserEvent event) {
    return new HistoryEvent(event.eventId(), event.userId(), event.itemId(), event.type(), event.value(),
        event.timestamp());
  }
}
