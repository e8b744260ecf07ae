package io.persona.actors.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.actors.serialization.StoredFields;
import io.persona.models.events.EventTypes;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.InteractedItems;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  /** List or Map when the value is one of the JDK's immutable collections, as the stored layout registers. */
  private static Class<?> plainType(Object value) {
    assertTrue(value.getClass().getName().startsWith("java.util.ImmutableCollections$"), value.getClass().getName());
    return value instanceof List ? List.class : Map.class;
  }
}
