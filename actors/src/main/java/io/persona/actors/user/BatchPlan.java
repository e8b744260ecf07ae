package io.persona.actors.user;

import io.persona.actors.activity.Activity;
import io.persona.actors.user.UserEntity.Accepted;
import io.persona.actors.user.UserEntity.Duplicate;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.RecordResult;
import io.persona.actors.user.UserEntity.Rejected;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.HistoryEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one {@link UserEntity.RecordEvents} does, decided before anything is persisted: each event's
 * answer in order, the events to persist (one {@code persistAll}) and the activity each of them
 * publishes afterwards. An event is judged exactly as a single {@link UserEntity.RecordEvent}
 * would be right after the batch's earlier events, so an id repeated inside the batch is a
 * duplicate (same content) or a conflict (other content) too.
 */
record BatchPlan(List<RecordResult> results, List<EventRecorded> toPersist, List<Activity.UserActed> activities) {

  static BatchPlan of(String userId, UserEntity.State state, UserEntity.RecordEvents command, int activityHistory) {
    List<RecordResult> results = new ArrayList<>(command.events().size());
    List<EventRecorded> toPersist = new ArrayList<>();
    List<Activity.UserActed> activities = new ArrayList<>();
    Map<String, Long> inBatch = new HashMap<>();
    // the newest activityHistory entries are all an activity carries; keeping only those and
    // inserting each new entry where the profile would gives the same prefix the profile has
    List<HistoryEntry> history = new ArrayList<>(state.profile().recentHistory()
        .subList(0, Math.min(state.profile().recentHistory().size(), activityHistory)));
    for (UserEvent event : command.events()) {
      if (!userId.equals(event.userId())) {
        results.add(new Rejected(event.eventId(), "event of user " + event.userId() + " sent to user " + userId));
        continue;
      }
      Long earlier = inBatch.get(event.eventId());
      OptionalLong seen = earlier != null ? OptionalLong.of(earlier) : state.recentEventIds().fingerprintOf(event.eventId());
      if (seen.isPresent()) {
        results.add(seen.getAsLong() == event.contentFingerprint()
            ? new Duplicate(event.eventId())
            : new Rejected(event.eventId(), "eventId was already used for a different event"));
        continue;
      }
      String category = command.itemCategories().get(event.itemId());
      inBatch.put(event.eventId(), event.contentFingerprint());
      toPersist.add(new EventRecorded(event, category));
      activities.add(new Activity.UserActed(userId, event.type(), event.itemId(), category, event.timestamp(),
          event.requestId(), history));
      insertNewestFirst(history, new HistoryEntry(event.itemId(), event.type(), category, event.timestamp()),
          activityHistory);
      results.add(new Accepted(event.eventId()));
    }
    return new BatchPlan(results, toPersist, activities);
  }

  /** Where UserProfile.apply puts it: before every entry not newer than it (a stable sort, newest first). */
  private static void insertNewestFirst(List<HistoryEntry> history, HistoryEntry entry, int limit) {
    int at = 0;
    while (at < history.size() && history.get(at).timestamp().isAfter(entry.timestamp())) {
      at++;
    }
    history.add(at, entry);
    if (history.size() > limit) {
      history.remove(history.size() - 1);
    }
  }
}
