package io.persona.actors.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.user.UserEntity.Accepted;
import io.persona.actors.user.UserEntity.Command;
import io.persona.actors.user.UserEntity.Duplicate;
import io.persona.actors.user.UserEntity.Event;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.GetProfile;
import io.persona.actors.user.UserEntity.ProfileSnapshot;
import io.persona.actors.user.UserEntity.RecordEvent;
import io.persona.actors.user.UserEntity.RecordResult;
import io.persona.actors.user.UserEntity.Rejected;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.UserProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The user entity's behaviour against the in-memory journal and snapshot store of pekko's
 * persistence testkit. The testkit round-trips every command, reply, event and state through the
 * serializer bound to it, and the bindings of reference.conf make that Kryo: each test also checks
 * that what it sends and persists is serializable. (The in-memory journal itself keeps objects:
 * EventSourcedBehaviorTestKit.config() turns its serialization off; KryoSerializerTest checks
 * equality after a round trip.)
 *
 * <p>Creating an EventSourcedBehaviorTestKit clears the whole in-memory journal, so each test
 * uses one.
 */
class UserEntityTest {
  private static final Config CONFIG = EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load());
  private static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");
  private static final AtomicInteger USERS = new AtomicInteger();

  private static ActorTestKit testKit;

  private String userId;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("UserEntityTest", CONFIG);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newUser() {
    userId = "user-" + USERS.incrementAndGet(); // a persistence id of its own for every test
  }

  // ---- helpers ----

  private static UserEntitySettings settings(String overrides) {
    return UserEntitySettings.fromConfig(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()));
  }

  private static UserEntitySettings defaultSettings() {
    return UserEntitySettings.fromConfig(ConfigFactory.load());
  }

  private EventSourcedBehaviorTestKit<Command, Event, State> entity(UserEntitySettings settings) {
    return EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create(userId, settings));
  }

  @Test
  void journalKeysOfOldIdsAreUnchangedAndFreeTextIdsAreEncoded() {
    assertEquals("User|user:42.a_b@c-d", UserEntity.persistenceId("user:42.a_b@c-d").id());
    assertEquals("User|Zoë Müller%7C7 %2541", UserEntity.persistenceId("Zoë Müller|7 %41").id());
  }

  private String persistenceId() {
    return UserEntity.persistenceId(userId).id();
  }

  private static CommandResultWithReply<Command, Event, State, RecordResult> record(
      EventSourcedBehaviorTestKit<Command, Event, State> entity, UserEvent event, String itemCategory) {
    return entity.<RecordResult>runCommand(replyTo -> new RecordEvent(event, itemCategory, replyTo));
  }

  private static UserProfile profileOf(EventSourcedBehaviorTestKit<Command, Event, State> entity) {
    return entity.<ProfileSnapshot>runCommand(GetProfile::new).reply().profile();
  }

  private UserEvent view(String eventId, String itemId, int minute) {
    return new UserEvent(eventId, userId, "view", itemId, T0.plusSeconds(60L * minute), null, null, Map.of());
  }

  /** Several types, values, request ids, contexts, and an event that arrives late. */
  private List<UserEvent> variedEvents() {
    return List.of(
        new UserEvent("e1", userId, "view", "item-1", T0, null, null, Map.of("device", "mobile")),
        new UserEvent("e2", userId, "click", "item-2", T0.plusSeconds(60), null, "req-1", Map.of()),
        new UserEvent("e3", userId, "rating", "item-1", T0.plusSeconds(120), 5.0, null,
            Map.of("device", "web", "page", "pdp")),
        new UserEvent("e4", userId, "wishlist", "item-3", T0.plusSeconds(180), null, null, Map.of()),
        new UserEvent("e5", userId, "purchase", "item-2", T0.plusSeconds(30), 49.9, "req-1",
            Map.of("device", "mobile")));
  }

  /** The category each of {@link #variedEvents()} is recorded with (null: item unknown). */
  private static String categoryOf(UserEvent event) {
    return switch (event.itemId()) {
      case "item-1" -> "shoes";
      case "item-2" -> "hats";
      default -> null;
    };
  }

  private static void assertSameRecentIds(RecentEventIds expected, RecentEventIds actual, List<String> ids) {
    assertEquals(expected.capacity(), actual.capacity(), "capacity");
    assertEquals(expected.size(), actual.size(), "size");
    for (String id : ids) {
      assertEquals(expected.fingerprintOf(id), actual.fingerprintOf(id), id);
    }
  }

  private int journalSize() {
    return testKitJournal().size();
  }

  private List<Object> testKitJournal() {
    return PersistenceTestKit.create(testKit.system()).persistedInStorage(persistenceId());
  }

  // ---- recording ----

  @Test
  void anAcceptedEventIsPersistedOnceAndShapesTheProfile() {
    UserEntitySettings settings = defaultSettings();
    var entity = entity(settings);
    UserEvent purchase = new UserEvent("e1", userId, "purchase", "item-1", T0, 49.9, "req-7",
        Map.of("device", "web", "page", "pdp"));

    var result = record(entity, purchase, "shoes");

    assertEquals(new Accepted("e1"), result.reply());
    assertEquals(List.of(new EventRecorded(purchase, "shoes")), result.events());
    assertEquals(List.of(new EventRecorded(purchase, "shoes")), testKitJournal());

    UserProfile profile = profileOf(entity);
    assertEquals(UserProfile.empty(userId).apply(purchase, "shoes", settings.profileSettings()), profile);
    assertEquals(profile, result.state().profile());
    assertEquals(userId, profile.userId());
    assertEquals(1, profile.totalEvents());
    assertEquals(Map.of("purchase", 1L), profile.eventCounts());
    assertEquals(List.of(new HistoryEntry("item-1", "purchase", "shoes", T0)), profile.recentHistory());
    assertEquals(Map.of("item-1", new DecayedScore(8.0, T0.toEpochMilli())), profile.itemAffinities());
    assertEquals(Map.of("shoes", new DecayedScore(8.0, T0.toEpochMilli())), profile.categoryAffinities());
    assertEquals(T0, profile.lastActivity());
    assertEquals(OptionalLong.of(purchase.contentFingerprint()),
        result.state().recentEventIds().fingerprintOf("e1"));
  }

  @Test
  void aFreshEntityHasAnEmptyProfile() {
    var entity = entity(defaultSettings());
    assertEquals(UserProfile.empty(userId), profileOf(entity));
    assertEquals(0, entity.getState().recentEventIds().size());
    assertEquals(500, entity.getState().recentEventIds().capacity());
  }

  @Test
  void anEventWithoutCategoryChangesNoCategoryAffinity() {
    var entity = entity(defaultSettings());
    var result = record(entity, view("e1", "item-9", 0), null);

    assertEquals(new Accepted("e1"), result.reply());
    UserProfile profile = profileOf(entity);
    assertEquals(Map.of(), profile.categoryAffinities());
    assertNull(profile.recentHistory().get(0).category());
    assertTrue(profile.itemAffinities().containsKey("item-9"));
  }

  @Test
  void theSameEventIdWithTheSameContentIsADuplicateAndPersistsNothing() {
    var entity = entity(defaultSettings());
    UserEvent original = new UserEvent("e1", userId, "rating", "item-1", T0, 4.0, "req-1",
        Map.of("device", "web", "page", "pdp"));
    assertEquals(new Accepted("e1"), record(entity, original, "shoes").reply());
    UserProfile before = profileOf(entity);

    // a redelivery: an equal event, built anew (context in another map and order)
    Map<String, String> context = new HashMap<>();
    context.put("page", "pdp");
    context.put("device", "web");
    UserEvent redelivered = new UserEvent("e1", userId, "rating", "item-1", T0, 4.0, "req-1", context);
    var again = record(entity, redelivered, "shoes");

    assertEquals(new Duplicate("e1"), again.reply());
    assertTrue(again.hasNoEvents());
    assertEquals(before, again.state().profile());
    assertEquals(before, profileOf(entity));
    assertEquals(1, journalSize());
  }

  @Test
  void aRedeliveryIsADuplicateEvenIfTheItemCategoryChangedInBetween() {
    // the category is looked up at ingest, not sent by the producer: not part of the content
    var entity = entity(defaultSettings());
    assertEquals(new Accepted("e1"), record(entity, view("e1", "item-1", 0), "shoes").reply());

    var again = record(entity, view("e1", "item-1", 0), "boots");

    assertEquals(new Duplicate("e1"), again.reply());
    assertTrue(again.hasNoEvents());
    assertEquals(Set.of("shoes"), again.state().profile().categoryAffinities().keySet());
    assertEquals(1, journalSize());
  }

  @Test
  void theSameEventIdWithDifferentContentIsRejectedAndPersistsNothing() {
    var entity = entity(defaultSettings());
    UserEvent original = new UserEvent("e1", userId, "rating", "item-1", T0, 4.0, null, Map.of("device", "web"));
    assertEquals(new Accepted("e1"), record(entity, original, "shoes").reply());
    UserProfile before = profileOf(entity);

    List<UserEvent> conflicting = List.of(
        new UserEvent("e1", userId, "rating", "item-1", T0, 5.0, null, Map.of("device", "web")),
        new UserEvent("e1", userId, "rating", "item-1", T0, null, null, Map.of("device", "web")),
        new UserEvent("e1", userId, "view", "item-1", T0, 4.0, null, Map.of("device", "web")),
        new UserEvent("e1", userId, "rating", "item-2", T0, 4.0, null, Map.of("device", "web")),
        new UserEvent("e1", userId, "rating", "item-1", T0.plusNanos(1), 4.0, null, Map.of("device", "web")),
        new UserEvent("e1", userId, "rating", "item-1", T0, 4.0, "req-1", Map.of("device", "web")),
        new UserEvent("e1", userId, "rating", "item-1", T0, 4.0, null, Map.of("device", "mobile")),
        new UserEvent("e1", userId, "rating", "item-1", T0, 4.0, null, Map.of()));

    for (UserEvent conflict : conflicting) {
      var result = record(entity, conflict, "shoes");
      Rejected rejected = assertInstanceOf(Rejected.class, result.reply(), conflict.toString());
      assertEquals("e1", rejected.eventId());
      assertEquals("eventId was already used for a different event", rejected.reason());
      assertTrue(result.hasNoEvents(), conflict.toString());
      assertEquals(before, result.state().profile(), conflict.toString());
    }
    assertEquals(1, journalSize());

    // the refusals did not overwrite what e1 was: the original is still recognised
    assertEquals(new Duplicate("e1"), record(entity, original, "shoes").reply());
  }

  @Test
  void anEventOfAnotherUserIsRejectedAndPersistsNothing() {
    var entity = entity(defaultSettings());
    UserEvent foreign = new UserEvent("e1", "someone-else", "view", "item-1", T0, null, null, Map.of());

    var result = record(entity, foreign, "shoes");

    Rejected rejected = assertInstanceOf(Rejected.class, result.reply());
    assertEquals("e1", rejected.eventId());
    assertEquals("event of user someone-else sent to user " + userId, rejected.reason());
    assertTrue(result.hasNoEvents());
    assertEquals(UserProfile.empty(userId), profileOf(entity));
    assertEquals(0, journalSize());

    // nor was its id remembered: the user's own e1 is accepted
    assertEquals(new Accepted("e1"), record(entity, view("e1", "item-1", 0), "shoes").reply());
  }

  @Test
  void eventsAreCountedPerTypeAndHistoryIsNewestFirst() {
    UserEntitySettings settings = defaultSettings();
    var entity = entity(settings);
    UserProfile expected = UserProfile.empty(userId);
    for (UserEvent event : variedEvents()) {
      assertEquals(new Accepted(event.eventId()), record(entity, event, categoryOf(event)).reply());
      expected = expected.apply(event, categoryOf(event), settings.profileSettings());
    }

    UserProfile profile = profileOf(entity);
    assertEquals(expected, profile);
    assertEquals(5, profile.totalEvents());
    assertEquals(Map.of("view", 1L, "click", 1L, "rating", 1L, "wishlist", 1L, "purchase", 1L),
        profile.eventCounts());
    // e5 is late (T0 + 30s): it goes between e2 and e1, not to the front
    assertEquals(List.of(
            new HistoryEntry("item-3", "wishlist", null, T0.plusSeconds(180)),
            new HistoryEntry("item-1", "rating", "shoes", T0.plusSeconds(120)),
            new HistoryEntry("item-2", "click", "hats", T0.plusSeconds(60)),
            new HistoryEntry("item-2", "purchase", "hats", T0.plusSeconds(30)),
            new HistoryEntry("item-1", "view", "shoes", T0)),
        profile.recentHistory());
    assertEquals(T0.plusSeconds(180), profile.lastActivity());
    assertEquals(5, journalSize());
  }

  // ---- the dedup window ----

  @Test
  void dedupWindowOf3RemembersOnlyThe3NewestIds_aFourthOlderIdResentIsAcceptedAgainAndCountedTwice() {
    // A documented bound, not a guarantee: a redelivery older than dedup-window events of the
    // user is taken for a new event.
    var entity = entity(settings("persona.users.dedup-window = 3"));
    for (int i = 1; i <= 4; i++) {
      assertEquals(new Accepted("e" + i), record(entity, view("e" + i, "item-" + i, i), null).reply());
    }
    assertEquals(3, entity.getState().recentEventIds().size());

    // e2, e3, e4 are the 3 newest: still recognised
    for (int i = 2; i <= 4; i++) {
      var again = record(entity, view("e" + i, "item-" + i, i), null);
      assertEquals(new Duplicate("e" + i), again.reply());
      assertTrue(again.hasNoEvents());
    }

    // e1 fell out of the window: its redelivery is persisted and counted again
    var resent = record(entity, view("e1", "item-1", 1), null);
    assertEquals(new Accepted("e1"), resent.reply());
    assertEquals(1, resent.events().size());
    assertEquals(5, profileOf(entity).totalEvents());
    assertEquals(Map.of("view", 5L), profileOf(entity).eventCounts());
    assertEquals(5, journalSize());

    // ... and pushed e2 out in turn; e1 is now known again
    assertEquals(new Accepted("e2"), record(entity, view("e2", "item-2", 2), null).reply());
    assertEquals(new Duplicate("e1"), record(entity, view("e1", "item-1", 1), null).reply());
  }

  @Test
  void aDifferentEventUnderAnIdOlderThanTheDedupWindowIsAccepted() {
    // the content check has the same bound as the redelivery check
    var entity = entity(settings("persona.users.dedup-window = 2"));
    for (int i = 1; i <= 3; i++) {
      assertEquals(new Accepted("e" + i), record(entity, view("e" + i, "item-" + i, i), null).reply());
    }
    UserEvent reused = new UserEvent("e1", userId, "purchase", "item-9", T0, null, null, Map.of());
    assertEquals(new Accepted("e1"), record(entity, reused, null).reply());
  }

  @Test
  void replayWithASmallerDedupWindowKeepsTheNewestIds() {
    // a journal written with a larger dedup-window, recovered after it was lowered to 2
    var entity = entity(settings("persona.users.dedup-window = 2"));
    List<UserEvent> events = List.of(view("e1", "item-1", 1), view("e2", "item-2", 2),
        view("e3", "item-3", 3), view("e4", "item-4", 4));
    entity.initialize((Object[]) events.stream().map(e -> new EventRecorded(e, null)).toArray(Event[]::new));

    State recovered = entity.getState();
    assertEquals(4, recovered.profile().totalEvents());
    assertEquals(2, recovered.recentEventIds().capacity());
    assertEquals(List.of(false, false, true, true), events.stream()
        .map(e -> recovered.recentEventIds().fingerprintOf(e.eventId()).isPresent()).toList());

    assertEquals(new Duplicate("e4"), record(entity, events.get(3), null).reply());
    assertEquals(new Duplicate("e3"), record(entity, events.get(2), null).reply());
    assertEquals(new Accepted("e2"), record(entity, events.get(1), null).reply());
  }

  // ---- recovery ----

  @Test
  void restartRebuildsTheSameProfileAndDedupWindowFromTheJournal() {
    var entity = entity(defaultSettings());
    List<UserEvent> events = variedEvents();
    for (UserEvent event : events) {
      assertEquals(new Accepted(event.eventId()), record(entity, event, categoryOf(event)).reply());
    }
    State before = entity.getState();
    assertEquals(5, before.profile().totalEvents());

    State after = entity.restart().state();

    assertEquals(before.profile(), after.profile());
    assertEquals(before.profile(), profileOf(entity));
    assertSameRecentIds(before.recentEventIds(), after.recentEventIds(),
        List.of("e1", "e2", "e3", "e4", "e5", "e6"));

    // dedup survives the restart
    UserEvent e2 = events.get(1);
    assertEquals(new Duplicate("e2"), record(entity, e2, categoryOf(e2)).reply());
    UserEvent changed = new UserEvent("e3", userId, "rating", "item-1", T0.plusSeconds(120), 1.0, null, Map.of());
    assertEquals("e3", assertInstanceOf(Rejected.class, record(entity, changed, "shoes").reply()).eventId());
    assertEquals(new Accepted("e6"), record(entity, view("e6", "item-4", 10), null).reply());
    assertEquals(6, journalSize());
  }

  @Test
  void restartWithSnapshotEvery2RecoversFromTheSnapshotOfEvent4PlusEvent5() {
    UserEntitySettings settings = settings("persona.users.snapshot-every = 2");
    var entity = entity(settings);
    SnapshotTestKit snapshots = entity.snapshotTestKit().orElseThrow();
    List<UserEvent> events = variedEvents();
    List<State> states = new ArrayList<>();
    for (UserEvent event : events) {
      var result = record(entity, event, categoryOf(event));
      assertEquals(new Accepted(event.eventId()), result.reply());
      states.add(result.state());
    }
    State before = entity.getState();

    // snapshots after events 2 and 4 (the reply waits for the snapshot to be stored)
    List<Pair<SnapshotMeta, Object>> stored = snapshots.persistedInStorage(persistenceId());
    assertEquals(List.of(2L, 4L), stored.stream().map(p -> p.first().sequenceNr()).toList());
    State snapshotOf4 = assertInstanceOf(State.class, stored.get(1).second());
    assertEquals(states.get(3).profile(), snapshotOf4.profile());
    assertSameRecentIds(states.get(3).recentEventIds(), snapshotOf4.recentEventIds(),
        List.of("e1", "e2", "e3", "e4", "e5"));

    State after = entity.restart().state();

    assertEquals(before.profile(), after.profile());
    assertEquals(before.profile(), profileOf(entity));
    assertSameRecentIds(before.recentEventIds(), after.recentEventIds(),
        List.of("e1", "e2", "e3", "e4", "e5", "e6"));
    for (UserEvent event : events) {
      assertEquals(new Duplicate(event.eventId()), record(entity, event, categoryOf(event)).reply());
    }
  }

  @Test
  void recoveryStartsFromTheSnapshotNotFromTheFirstEvent() {
    var entity = entity(settings("persona.users.snapshot-every = 2"));
    List<UserEvent> events = variedEvents();
    List<State> states = new ArrayList<>();
    for (UserEvent event : events) {
      states.add(record(entity, event, categoryOf(event)).state());
    }

    // Empty the journal (keeping its sequence numbers): only the snapshot of event 4 is left
    // to recover from, so the recovered state is exactly that snapshot.
    entity.persistenceTestKit().clearByIdPreservingSeqNumbers(persistenceId());
    State recovered = entity.restart().state();

    State afterEvent4 = states.get(3);
    assertEquals(afterEvent4.profile(), recovered.profile());
    assertEquals(4, recovered.profile().totalEvents());
    assertSameRecentIds(afterEvent4.recentEventIds(), recovered.recentEventIds(),
        List.of("e1", "e2", "e3", "e4", "e5"));
    assertTrue(recovered.recentEventIds().fingerprintOf("e4").isPresent());
    assertTrue(recovered.recentEventIds().fingerprintOf("e5").isEmpty());
  }
}
