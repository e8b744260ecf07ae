package io.persona.actors.user;

import io.persona.actors.serialization.RecordFormat;
import io.persona.actors.serialization.StoredFormat;
import io.persona.actors.serialization.StoredFormatCatalog;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.InteractedItems;
import io.persona.models.profile.UserProfile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The user entity's persisted formats: its journal event, its snapshot, and every class inside
 * them. A tag is the stored name of a component, for good: a new component takes the next unused
 * tag, a removed one's tag is retired, never reused. Each {@code legacy} list is the version-1 byte
 * order (Kryo 5, components sorted by name) with the types they had then; it never changes.
 */
public final class UserEntityFormats implements StoredFormatCatalog {

  static final RecordFormat<EventRecorded> EVENT_RECORDED = RecordFormat.of(EventRecorded.class)
      .tag("event", 1)
      .tag("itemCategory", 2)
      .legacy(1, UserEvent.class).legacy(2, String.class)
      .build();

  static final RecordFormat<State> STATE = RecordFormat.of(State.class)
      .tag("profile", 1)
      .tag("recentEventIds", 2)
      .legacy(1, UserProfile.class).legacy(2, RecentEventIds.class)
      .build();

  static final RecordFormat<UserEvent> USER_EVENT = RecordFormat.of(UserEvent.class)
      .tag("eventId", 1)
      .tag("userId", 2)
      .tag("type", 3)
      .tag("itemId", 4)
      .tag("timestamp", 5)
      .tag("value", 6)
      .tag("requestId", 7)
      .tag("context", 8)
      .legacy(8, Map.class).legacy(1, String.class).legacy(4, String.class).legacy(7, String.class)
      .legacy(5, Instant.class).legacy(3, String.class).legacy(2, String.class).legacy(6, Double.class)
      .build();

  static final StoredFormat<UserProfile> USER_PROFILE = new UserProfileFormat(RecordFormat.of(UserProfile.class)
      .tag("userId", 1)
      .tag("recentHistory", UserProfileFormat.RECENT_HISTORY)
      .tag("eventCounts", 3)
      .tag("itemAffinities", UserProfileFormat.ITEM_AFFINITIES)
      .tag("categoryAffinities", UserProfileFormat.CATEGORY_AFFINITIES)
      .tag("lastActivity", 6)
      .tag("totalEvents", 7)
      .tag("interactedItems", UserProfileFormat.INTERACTED_ITEMS)
      .legacy(5, Map.class).legacy(3, Map.class).legacy(4, Map.class).legacy(6, Instant.class)
      .legacy(2, List.class).legacy(7, long.class).legacy(1, String.class)
      .build());

  static final RecordFormat<HistoryEntry> HISTORY_ENTRY = RecordFormat.of(HistoryEntry.class)
      .tag("itemId", 1)
      .tag("type", 2)
      .tag("category", 3)
      .tag("timestamp", 4)
      .legacy(3, String.class).legacy(1, String.class).legacy(4, Instant.class).legacy(2, String.class)
      .build();

  static final RecordFormat<DecayedScore> DECAYED_SCORE = RecordFormat.of(DecayedScore.class)
      .tag("value", 1)
      .tag("atMillis", 2)
      .legacy(2, long.class).legacy(1, double.class)
      .build();

  /** Since tag 8 of the profile; a profile stored before reads it as null (see UserProfile). */
  static final RecordFormat<InteractedItems> INTERACTED_ITEMS = RecordFormat.of(InteractedItems.class)
      .tag("hashes", 1)
      .build();

  static final StoredFormat<RecentEventIds> RECENT_EVENT_IDS = new RecentEventIdsFormat();

  @Override
  public List<StoredFormat<?>> roots() {
    return List.of(EVENT_RECORDED, STATE);
  }

  @Override
  public List<StoredFormat<?>> parts() {
    return List.of(USER_EVENT, USER_PROFILE, HISTORY_ENTRY, DECAYED_SCORE, INTERACTED_ITEMS, RECENT_EVENT_IDS);
  }
}
