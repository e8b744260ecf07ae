package io.persona.actors.serialization;

import static io.persona.actors.serialization.StoredFormatsV1Test.assertSameRing;
import static io.persona.actors.serialization.StoredFormatsV1Test.v1Bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.KryoException;
import io.persona.actors.user.RecentEventIds;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.catalog.Item;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.InteractedItems;
import io.persona.models.profile.UserProfile;
import java.io.NotSerializableException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The promise of the stored format, kept by a next version of Persona: journals and snapshots
 * written before formats had versions (formats/v1) and those written today are read by a version
 * that added a field or removed one, and what that version writes is read by today's code. A
 * change that tags cannot express is a new version with an upcaster: it reads every older version,
 * and today's code refuses its bytes by name rather than misreading them.
 *
 * <p>Each next version is a test class registered under the id of the class it evolves, with the
 * same tags for what it kept, as an edit of the class itself would be.
 */
class FormatEvolutionTest {
  private static final String[] V1_EVENTS = {"event-recorded-rating.bin", "event-recorded-view.bin", "event-recorded-purchase.bin"};
  private static final String[] V1_SNAPSHOTS = {"state-rich.bin", "state-single-event.bin", "state-empty.bin"};

  // ---- next versions of the journal event ----

  /** A field added: the channel the event came through. */
  record EventRecordedWithChannel(UserEvent event, String itemCategory, String channel) {}

  private static final RecordFormat<EventRecordedWithChannel> WITH_CHANNEL = RecordFormat.of(EventRecordedWithChannel.class)
      .tag("event", 1).tag("itemCategory", 2).tag("channel", 3)
      .legacy(1, UserEvent.class).legacy(2, String.class)
      .build();

  /** A field removed: the item category, its tag retired. */
  record EventRecordedWithoutCategory(UserEvent event) {}

  private static final RecordFormat<EventRecordedWithoutCategory> WITHOUT_CATEGORY =
      RecordFormat.of(EventRecordedWithoutCategory.class)
          .tag("event", 1).retired(2)
          .legacy(1, UserEvent.class).legacy(2, String.class)
          .build();

  /** A field added whose class (registered by that version only) today's code has never heard of. */
  record Origin(String source, Instant receivedAt) {}

  record EventRecordedWithOrigin(UserEvent event, String itemCategory, Origin origin) {}

  private static final RecordFormat<Origin> ORIGIN = RecordFormat.of(Origin.class)
      .tag("source", 1).tag("receivedAt", 2)
      .build();

  private static final RecordFormat<EventRecordedWithOrigin> WITH_ORIGIN = RecordFormat.of(EventRecordedWithOrigin.class)
      .tag("event", 1).tag("itemCategory", 2).tag("origin", 3)
      .legacy(1, UserEvent.class).legacy(2, String.class)
      .build();

  /**
   * Version 3: the one category became a list. Same tag, other type, is not allowed, so the list
   * gets tag 3, tag 2 is retired, and the upcaster from version 2 moves the category across.
   */
  record EventRecordedV3(UserEvent event, List<String> categories) {}

  private static final RecordFormat<EventRecordedV3> VERSION_3 = RecordFormat.of(EventRecordedV3.class)
      .tag("event", 1).tag("categories", 3).retired(2)
      .legacy(1, UserEvent.class).legacy(2, String.class)
      .version(3)
      .upcaster(2, v2 -> {
        Object category = v2.has(2) ? v2.get(2) : null;
        return v2.without(2).with(3, category == null ? List.of() : List.of(category));
      })
      .build();

  // ---- next versions of the snapshot ----

  /** UserProfile with a field added: a count of sessions. */
  record ProfileWithSessions(String userId, List<HistoryEntry> recentHistory, Map<String, Long> eventCounts,
                             Map<String, DecayedScore> itemAffinities, Map<String, DecayedScore> categoryAffinities,
                             Instant lastActivity, long totalEvents, InteractedItems interactedItems,
                             long sessions) {
    ProfileWithSessions {
      interactedItems = interactedItems != null ? interactedItems : known(itemAffinities, recentHistory);
    }
  }

  /** UserProfile with a field removed: the event counts. */
  record ProfileWithoutCounts(String userId, List<HistoryEntry> recentHistory,
                              Map<String, DecayedScore> itemAffinities, Map<String, DecayedScore> categoryAffinities,
                              Instant lastActivity, long totalEvents, InteractedItems interactedItems) {
    ProfileWithoutCounts {
      interactedItems = interactedItems != null ? interactedItems : known(itemAffinities, recentHistory);
    }
  }

  /** As UserProfile reads a profile stored before it kept its interacted items. */
  private static InteractedItems known(Map<String, DecayedScore> itemAffinities, List<HistoryEntry> recentHistory) {
    java.util.Set<String> ids = new java.util.HashSet<>(itemAffinities.keySet());
    recentHistory.forEach(entry -> ids.add(entry.itemId()));
    return InteractedItems.of(ids);
  }

  /** The snapshot around either profile (State itself names UserProfile). */
  record StateOf<P>(P profile, RecentEventIds recentEventIds) {}

  private static <P extends Record> RecordFormat<P> profileFormat(Class<P> type, boolean withCounts, boolean withSessions) {
    RecordFormat.Builder<P> builder = RecordFormat.of(type)
        .tag("userId", 1).tag("recentHistory", 2).tag("itemAffinities", 4).tag("categoryAffinities", 5)
        .tag("lastActivity", 6).tag("totalEvents", 7).tag("interactedItems", 8);
    builder = withCounts ? builder.tag("eventCounts", 3) : builder.retired(3);
    builder = withSessions ? builder.tag("sessions", 9) : builder;
    // the version-1 layout of UserProfile, unchanged: it is what the old bytes hold
    return builder.legacy(5, Map.class).legacy(3, Map.class).legacy(4, Map.class).legacy(6, Instant.class)
        .legacy(2, List.class).legacy(7, long.class).legacy(1, String.class)
        .build();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static StoredFormat<?> stateFormat(Class<?> profileType) {
    return RecordFormat.of((Class) StateOf.class)
        .tag("profile", 1).tag("recentEventIds", 2)
        .legacy(1, profileType).legacy(2, RecentEventIds.class)
        .build();
  }

  private static KryoCodec withSessions() {
    return NextVersion.today()
        .replacing(UserProfile.class, profileFormat(ProfileWithSessions.class, true, true))
        .replacing(State.class, stateFormat(ProfileWithSessions.class))
        .codec();
  }

  private static KryoCodec withoutCounts() {
    return NextVersion.today()
        .replacing(UserProfile.class, profileFormat(ProfileWithoutCounts.class, false, false))
        .replacing(State.class, stateFormat(ProfileWithoutCounts.class))
        .codec();
  }

  // ---- helpers ----

  private static final KryoCodec TODAY = NextVersion.today().codec();

  private static Object read(KryoCodec codec, byte[] bytes, String manifest) {
    try {
      return codec.fromBinary(bytes, manifest);
    } catch (NotSerializableException e) {
      throw new AssertionError(e);
    }
  }

  private static EventRecorded expectedEvent(String file) {
    return (EventRecorded) StoredSamples.byFileName().get(file);
  }

  private static State expectedState(String file) {
    return (State) StoredSamples.byFileName().get(file);
  }

  // A next version's profile holds plain collections and every interacted item, as today's stored format writes them.
  private static ProfileWithSessions withSessions(UserProfile p, long sessions) {
    return new ProfileWithSessions(p.userId(), List.copyOf(p.recentHistory()), p.eventCounts(),
        Map.copyOf(p.itemAffinities()), Map.copyOf(p.categoryAffinities()), p.lastActivity(), p.totalEvents(),
        p.everyInteractedItem(), sessions);
  }

  private static ProfileWithoutCounts withoutCounts(UserProfile p) {
    return new ProfileWithoutCounts(p.userId(), List.copyOf(p.recentHistory()), Map.copyOf(p.itemAffinities()),
        Map.copyOf(p.categoryAffinities()), p.lastActivity(), p.totalEvents(), p.everyInteractedItem());
  }

  // ---- version-1 bytes, read by a next version ----

  @Test
  void version1JournalEventsAreReadByAVersionThatAddedAField() {
    KryoCodec next = NextVersion.today().replacing(EventRecorded.class, WITH_CHANNEL).codec();
    for (String file : V1_EVENTS) {
      EventRecorded expected = expectedEvent(file);
      assertEquals(new EventRecordedWithChannel(expected.event(), expected.itemCategory(), null),
          read(next, v1Bytes(file), ""), file);
    }
  }

  @Test
  void version1JournalEventsAreReadByAVersionThatRemovedAField() {
    KryoCodec next = NextVersion.today().replacing(EventRecorded.class, WITHOUT_CATEGORY).codec();
    for (String file : V1_EVENTS) {
      assertEquals(new EventRecordedWithoutCategory(expectedEvent(file).event()), read(next, v1Bytes(file), ""), file);
    }
  }

  @Test
  void version1SnapshotsAreReadByAVersionThatAddedAField() {
    for (String file : V1_SNAPSHOTS) {
      StateOf<?> state = assertInstanceOf(StateOf.class, read(withSessions(), v1Bytes(file), ""), file);
      assertEquals(withSessions(expectedState(file).profile(), 0), state.profile(), file);
      assertSameRing(expectedState(file).recentEventIds(), state.recentEventIds());
    }
  }

  @Test
  void version1SnapshotsAreReadByAVersionThatRemovedAField() {
    for (String file : V1_SNAPSHOTS) {
      StateOf<?> state = assertInstanceOf(StateOf.class, read(withoutCounts(), v1Bytes(file), ""), file);
      assertEquals(withoutCounts(expectedState(file).profile()), state.profile(), file);
      assertSameRing(expectedState(file).recentEventIds(), state.recentEventIds());
    }
  }

  // ---- today's bytes and a next version's, both ways ----

  @Test
  void aFieldAddedToTheJournalEventReadsBothWays() {
    KryoCodec next = NextVersion.today().replacing(EventRecorded.class, WITH_CHANNEL).codec();
    EventRecorded today = StoredSamples.ratingRecorded();

    assertEquals(new EventRecordedWithChannel(today.event(), today.itemCategory(), null),
        read(next, TODAY.toBinary(today), TODAY.manifest(today)));

    EventRecordedWithChannel written = new EventRecordedWithChannel(today.event(), today.itemCategory(), "app");
    assertEquals("206.v2", next.manifest(written), "adding a field is no new version");
    assertEquals(today, read(TODAY, next.toBinary(written), next.manifest(written)));
  }

  @Test
  void aFieldRemovedFromTheJournalEventReadsBothWays() {
    KryoCodec next = NextVersion.today().replacing(EventRecorded.class, WITHOUT_CATEGORY).codec();
    EventRecorded today = StoredSamples.purchaseRecorded();

    assertEquals(new EventRecordedWithoutCategory(today.event()), read(next, TODAY.toBinary(today), "206.v2"));

    EventRecordedWithoutCategory written = new EventRecordedWithoutCategory(today.event());
    assertEquals(new EventRecorded(today.event(), null), read(TODAY, next.toBinary(written), next.manifest(written)));
  }

  @Test
  void aFieldAddedToTheProfileInsideASnapshotReadsBothWays() {
    State today = StoredSamples.richState();

    StateOf<?> next = (StateOf<?>) read(withSessions(), TODAY.toBinary(today), "207.v2");
    assertEquals(withSessions(today.profile(), 0), next.profile());
    assertSameRing(today.recentEventIds(), next.recentEventIds());

    StateOf<ProfileWithSessions> written = new StateOf<>(withSessions(today.profile(), 12), today.recentEventIds());
    State back = (State) read(TODAY, withSessions().toBinary(written), withSessions().manifest(written));
    assertEquals(today.profile(), back.profile());
    assertSameRing(today.recentEventIds(), back.recentEventIds());
  }

  @Test
  void aFieldRemovedFromTheProfileInsideASnapshotReadsBothWays() {
    State today = StoredSamples.richState();

    StateOf<?> next = (StateOf<?>) read(withoutCounts(), TODAY.toBinary(today), "207.v2");
    assertEquals(withoutCounts(today.profile()), next.profile());

    StateOf<ProfileWithoutCounts> written = new StateOf<>(withoutCounts(today.profile()), today.recentEventIds());
    State back = (State) read(TODAY, withoutCounts().toBinary(written), "207.v2");
    UserProfile p = today.profile();
    // the removed field reads as its default: no counts
    assertEquals(new UserProfile(p.userId(), p.recentHistory(), Map.of(), p.itemAffinities(), p.categoryAffinities(),
        p.lastActivity(), p.totalEvents()), back.profile());
  }

  @Test
  void aFieldOfAClassTodaysCodeNeverRegisteredIsSkippedUnread() {
    KryoCodec next = NextVersion.today().adding(ORIGIN, 900).replacing(EventRecorded.class, WITH_ORIGIN).codec();
    EventRecorded today = StoredSamples.viewRecorded();
    EventRecordedWithOrigin written =
        new EventRecordedWithOrigin(today.event(), today.itemCategory(), new Origin("kafka", StoredSamples.T0));

    assertEquals(written, read(next, next.toBinary(written), "206.v2"));
    assertEquals(today, read(TODAY, next.toBinary(written), "206.v2"));
  }

  /** A field of a class that has no stored format (a catalog item) would freeze that class's layout. */
  record EventRecordedWithItem(UserEvent event, String itemCategory, Item item) {}

  @Test
  void aClassWithoutAStoredFormatCannotBecomePartOfAJournalEvent() {
    KryoCodec next = NextVersion.today().replacing(EventRecorded.class, RecordFormat.of(EventRecordedWithItem.class)
        .tag("event", 1).tag("itemCategory", 2).tag("item", 3).build()).codec();
    EventRecordedWithItem written = new EventRecordedWithItem(StoredSamples.viewRecorded().event(), null,
        new Item("sku-1", "Red shoes", "shoes", List.of(), Map.of(), true, StoredSamples.T0));

    KryoException refused = assertThrows(KryoException.class, () -> next.toBinary(written));
    assertTrue(refused.getMessage().contains(Item.class.getName() + " has no stored format"), refused.getMessage());
  }

  // ---- a new version, with an upcaster ----

  @Test
  void aNewVersionUpcastsVersion1AndVersion2Bytes() {
    KryoCodec version3 = NextVersion.today().replacing(EventRecorded.class, VERSION_3).codec();
    for (String file : V1_EVENTS) {
      EventRecorded expected = expectedEvent(file);
      List<String> categories = expected.itemCategory() == null ? List.of() : List.of(expected.itemCategory());
      EventRecordedV3 upcast = new EventRecordedV3(expected.event(), categories);

      assertEquals(upcast, read(version3, v1Bytes(file), ""), file + " (version 1)");
      assertEquals(upcast, read(version3, TODAY.toBinary(expected), "206.v2"), file + " (version 2)");
    }
    EventRecordedV3 written = new EventRecordedV3(StoredSamples.viewRecorded().event(), List.of("a", "b"));
    assertEquals("206.v3", version3.manifest(written));
    assertEquals(written, read(version3, version3.toBinary(written), "206.v3"));
  }

  @Test
  void todaysCodeRefusesANewerVersionByNameInsteadOfMisreadingIt() {
    KryoCodec version3 = NextVersion.today().replacing(EventRecorded.class, VERSION_3).codec();
    byte[] bytes = version3.toBinary(new EventRecordedV3(StoredSamples.viewRecorded().event(), List.of("a")));

    NotSerializableException refused = assertThrows(NotSerializableException.class, () -> TODAY.fromBinary(bytes, "206.v3"));
    assertTrue(refused.getMessage().contains("version 3 by a newer Persona"), refused.getMessage());
    // the version inside the bytes says the same, whatever the manifest claims
    KryoException inside = assertThrows(KryoException.class, () -> TODAY.fromBinary(bytes, "206.v2"));
    assertTrue(inside.getMessage().contains("version 3 by a newer Persona"), inside.getMessage());
  }
}
