package io.persona.models.history;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One instance of each id while a history is read: a reader (the interaction log's scan, a file)
 * decodes every id of every row into a new string, and a trainer keeps the events it is passed, so
 * without this a history of a million purchases of a thousand items would hold a million copies of
 * the item ids (~140 bytes more per kept event for the user, item and type ids). Item and type ids
 * are pooled for the whole read; a user's id only while the user's rows follow each other (the
 * interaction log is read user by user), so the pool does not grow with the users.
 */
public final class SharedIds {
  private final Map<String, String> pool = new HashMap<>();
  private String user;

  /** The event with this read's instance of each id. */
  public HistoryEvent event(String eventId, String userId, String itemId, String type, Double value, Instant time) {
    return event(eventId, userId, itemId, type, value, time, 0);
  }

  /** The same, with where the event arrived ({@link HistoryEvent#arrival}). */
  public HistoryEvent event(String eventId, String userId, String itemId, String type, Double value, Instant time,
                            long arrival) {
    user = userId.equals(user) ? user : userId;
    return new HistoryEvent(eventId, user, pool.computeIfAbsent(itemId, id -> id),
        pool.computeIfAbsent(type, id -> id), value, time, arrival);
  }
}
