package io.persona.actors.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.actors.serialization.StoredFields;
import io.persona.models.events.EventTypes;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.InteractedItems;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The profile is held compactly but stored as it always was. */
class UserProfileFormatTest {
  /** Keeps 2 item affinities: the third item drops the weakest. */
  private static final ProfileSettings TWO_ITEMS = new ProfileSettings(
      Map.of(EventTypes.VIEW, 1.0, EventTypes.PURCHASE, 8.0), 0.5, 3.0, Duration.ofDays(7), 50, 2, 2);

  @Test
  void aSnapshotStoresEveryInteractedItemAndReadsBackTheItemsTheAffinitiesDroppedApart() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    UserProfile profile = UserProfile.empty("u1")
        .apply(new UserEvent("e1", "u1", EventTypes.VIEW, "dropped", t, null, null, Map.of()), "c", TWO_ITEMS)
        .apply(new UserEvent("e2", "u1", EventTypes.PURCHASE, "kept-1", t.plusSeconds(1), null, null, Map.of()), "c",
            TWO_ITEMS)
        .apply(new UserEvent("e3", "u1", EventTypes.PURCHASE, "kept-2", t.plusSeconds(2), null, null, Map.of()), "c",
            TWO_ITEMS);
    assertEquals(1, profile.interactedItems().size(), "only the dropped item is held apart");
    assertEquals(3, profile.interactedCount());

    StoredFields fields = UserEntityFormats.USER_PROFILE.write(profile);
    InteractedItems stored = assertInstanceOf(InteractedItems.class, fields.get(UserProfileFormat.INTERACTED_ITEMS));
    assertEquals(InteractedItems.of(List.of("dropped", "kept-1", "kept-2")), stored, "every item, as before");
    assertEquals(List.class, plainType(fields.get(UserProfileFormat.RECENT_HISTORY)));
    assertEquals(Map.class, plainType(fields.get(UserProfileFormat.ITEM_AFFINITIES)));
    assertEquals(Map.class, plainType(fields.get(UserProfileFormat.CATEGORY_AFFINITIES)));

    UserProfile read = UserEntityFormats.USER_PROFILE.read(fields);
    assertEquals(profile, read);
    assertTrue(read.hasInteractedWith("dropped") && read.hasInteractedWith("kept-1"));
  }

  @Test
  void atTheCapacityOfInteractedItemsAProfileReadBackIsTheOneWritten() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    List<String> old = IntStream.range(0, InteractedItems.CAPACITY - 2).mapToObj(i -> "old-" + i).toList();
    Map<String, DecayedScore> two = Map.of("kept-1", new DecayedScore(1, 0), "kept-2", new DecayedScore(2, 0));
    UserProfile profile = new UserProfile("u1", List.of(), Map.of(), two, Map.of(), t, 2, InteractedItems.of(old));
    assertEquals(InteractedItems.CAPACITY, profile.interactedCount());
    ProfileSettings fourItems = new ProfileSettings(Map.of(EventTypes.VIEW, 1.0), 0.5, 3.0, Duration.ofDays(7), 50, 4, 2);
    List<UserEvent> events = List.of(
        view("new-1", t.plusSeconds(1)), // drops one of the two kept items
        view("old-5", t.plusSeconds(2)), // a held-apart item comes back
        view("kept-2", t.plusSeconds(3)),
        view("new-2", t.plusSeconds(4)));
    for (UserEvent event : events) {
      profile = profile.apply(event, null, TWO_ITEMS);
      assertTrue(profile.interactedCount() <= InteractedItems.CAPACITY, event.itemId());
      assertEquals(profile, readBack(UserEntityFormats.USER_PROFILE.write(profile)), event.itemId());
    }
    // a raised setting: new items drop nothing, the set held apart makes room
    for (int i = 0; i < 3; i++) {
      profile = profile.apply(view("more-" + i, t.plusSeconds(10 + i)), null, fourItems);
      assertEquals(InteractedItems.CAPACITY, profile.interactedCount());
      assertEquals(profile, readBack(UserEntityFormats.USER_PROFILE.write(profile)));
    }
  }

  @Test
  void aFullSetStoredBeforeTheColumnsWithoutTheNewestItemsReadsWithinTheCapacity() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    UserProfile profile = UserProfile.empty("u1")
        .apply(new UserEvent("e1", "u1", EventTypes.VIEW, "newest", t, null, null, Map.of()), "c", TWO_ITEMS);
    // an older release stopped adding items at the capacity: its stored set lacks the newest one
    List<String> old = IntStream.range(0, InteractedItems.CAPACITY).mapToObj(i -> "old-" + i).toList();
    StoredFields stored = UserEntityFormats.USER_PROFILE.write(profile)
        .with(UserProfileFormat.INTERACTED_ITEMS, InteractedItems.of(old));
    UserProfile read = readBack(stored);
    assertEquals(InteractedItems.CAPACITY, read.interactedCount());
    assertTrue(read.hasInteractedWith("newest"));
    assertEquals(read, readBack(UserEntityFormats.USER_PROFILE.write(read)));
  }

  private static UserEvent view(String itemId, Instant at) {
    return new UserEvent("e-" + itemId, "u1", EventTypes.VIEW, itemId, at, null, null, Map.of());
  }

  private static UserProfile readBack(StoredFields fields) {
    return UserEntityFormats.USER_PROFILE.read(fields);
  }

  /** List or Map when the value is one of the JDK's immutable collections, as the stored layout registers. */
  private static Class<?> plainType(Object value) {
    assertTrue(value.getClass().getName().startsWith("java.util.ImmutableCollections$"), value.getClass().getName());
    return value instanceof List ? List.class : Map.class;
  }
}
