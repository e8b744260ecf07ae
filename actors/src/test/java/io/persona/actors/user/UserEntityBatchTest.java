package io.persona.actors.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.activity.Activity;
import io.persona.actors.user.UserEntity.Accepted;
import io.persona.actors.user.UserEntity.Command;
import io.persona.actors.user.UserEntity.Duplicate;
import io.persona.actors.user.UserEntity.Event;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.RecordEvent;
import io.persona.actors.user.UserEntity.RecordEvents;
import io.persona.actors.user.UserEntity.RecordResult;
import io.persona.actors.user.UserEntity.RecordResults;
import io.persona.actors.user.UserEntity.Rejected;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.UserProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordEvents}, the import's bulk command, against pekko's in-memory journal (which
 * round-trips commands, replies and events through Kryo): the same answers and the same state as
 * recording the events one by one, with one persistAll.
 */
class UserEntityBatchTest {
  private static final Config CONFIG = EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load());
  private static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");
  private static final AtomicInteger USERS = new AtomicInteger();
  private static final Map<String, String> CATEGORIES = Map.of("item-1", "shoes", "item-2", "Home & Garden");

  private static ActorTestKit testKit;
  private final UserEntitySettings settings = UserEntitySettings.fromConfig(ConfigFactory.load());
  private String userId;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("UserEntityBatchTest", CONFIG);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newUser() {
    userId = "batch-user-" + USERS.incrementAndGet();
  }

  private EventSourcedBehaviorTestKit<Command, Event, State> entity() {
    return EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create(userId, settings));
  }

  private static CommandResultWithReply<Command, Event, State, RecordResults> recordAll(
      EventSourcedBehaviorTestKit<Command, Event, State> entity, List<UserEvent> events) {
    return entity.<RecordResults>runCommand(replyTo -> new RecordEvents(events, CATEGORIES, replyTo));
  }

  private UserEvent event(String eventId, String type, String itemId, int minute) {
    return new UserEvent(eventId, userId, type, itemId, T0.plusSeconds(60L * minute), null, null, Map.of());
  }

  private List<Object> journal() {
    return PersistenceTestKit.create(testKit.system()).persistedInStorage(UserEntity.persistenceId(userId).id());
  }

  private UserProfile appliedOneByOne(List<UserEvent> events) {
    UserProfile profile = UserProfile.empty(userId);
    for (UserEvent e : events) {
      profile = profile.apply(e, CATEGORIES.get(e.itemId()), settings.profileSettings());
    }
    return profile;
  }

  @Test
  void newEventsArePersistedInOrderWithOnePersistAllAndShapeTheProfileAsOneByOne() {
    var entity = entity();
    List<UserEvent> events = List.of(event("a", "view", "item-1", 0), event("b", "purchase", "item-2", 5),
        event("c", "click", "item-9", 2));

    var result = recordAll(entity, events);

    assertEquals(List.of(new Accepted("a"), new Accepted("b"), new Accepted("c")), result.reply().results());
    List<EventRecorded> expected = List.of(new EventRecorded(events.get(0), "shoes"),
        new EventRecorded(events.get(1), "Home & Garden"), new EventRecorded(events.get(2), null));
    assertEquals(expected, result.events());
    assertEquals(expected, journal());
    assertEquals(appliedOneByOne(events), result.state().profile());
    events.forEach(e -> assertTrue(result.state().recentEventIds().fingerprintOf(e.eventId()).isPresent()));
  }

  @Test
  void eachEventIsJudgedAfterTheOnesBeforeIt_knownIdsRepeatsInsideTheBatchAndOtherUsers() {
    var entity = entity();
    UserEvent known = event("known", "view", "item-1", 0);
    assertEquals(new Accepted("known"),
        entity.<RecordResult>runCommand(replyTo -> new RecordEvent(known, "shoes", replyTo)).reply());

    UserEvent fresh = event("fresh", "view", "item-2", 1);
    UserEvent freshAgain = event("fresh", "view", "item-2", 1);
    UserEvent freshChanged = event("fresh", "click", "item-2", 1);
    UserEvent knownChanged = event("known", "purchase", "item-1", 0);
    UserEvent stranger = new UserEvent("s", "someone-else", "view", "item-1", T0, null, null, Map.of());
    var result = recordAll(entity, List.of(known, fresh, freshAgain, freshChanged, knownChanged, stranger));

    List<RecordResult> results = result.reply().results();
    assertEquals(new Duplicate("known"), results.get(0));
    assertEquals(new Accepted("fresh"), results.get(1));
    assertEquals(new Duplicate("fresh"), results.get(2));
    assertEquals(new Rejected("fresh", "eventId was already used for a different event"), results.get(3));
    assertEquals(new Rejected("known", "eventId was already used for a different event"), results.get(4));
    assertEquals(new Rejected("s", "event of user someone-else sent to user " + userId), results.get(5));
    assertEquals(List.of(new EventRecorded(fresh, "Home & Garden")), result.events());
    assertEquals(2, journal().size());
  }

  @Test
  void aResentBatchIsAnsweredDuplicateAndPersistsNothing() {
    var entity = entity();
    List<UserEvent> events = List.of(event("a", "view", "item-1", 0), event("b", "view", "item-2", 1));
    recordAll(entity, events);

    var again = recordAll(entity, events);

    assertEquals(List.of(new Duplicate("a"), new Duplicate("b")), again.reply().results());
    assertTrue(again.hasNoEvents());
    assertEquals(2, journal().size());
  }

  @Test
  void aRestartRecoversTheSameStateFromTheBatchesEvents() {
    var entity = entity();
    List<UserEvent> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      events.add(event("e" + i, i % 3 == 0 ? "purchase" : "view", "item-" + (i % 4), i));
    }
    State before = recordAll(entity, events).state();

    State after = entity.restart().state();

    assertEquals(before.profile(), after.profile());
    assertEquals(appliedOneByOne(events), after.profile());
    assertEquals(List.of(new Duplicate("e29")),
        recordAll(entity, List.of(events.get(29))).reply().results());
  }

  @Test
  void eachPublishedActivityCarriesTheHistoryTheOneByOnePathWouldHaveGiven() {
    int limit = Math.min(settings.activityHistory(), settings.profileSettings().historySize());
    // out of time order on purpose: an older event lands behind newer ones in the history
    List<UserEvent> events = List.of(event("a", "view", "item-1", 10), event("b", "view", "item-2", 3),
        event("c", "click", "item-3", 20), event("d", "view", "item-4", 1), event("e", "view", "item-5", 15),
        event("f", "view", "item-6", 30), event("g", "view", "item-7", 12));
    State empty = new State(UserProfile.empty(userId), RecentEventIds.withCapacity(500));

    BatchPlan plan = BatchPlan.of(userId, empty, new RecordEvents(events, CATEGORIES, null), limit);

    UserProfile profile = UserProfile.empty(userId);
    for (int i = 0; i < events.size(); i++) {
      Activity.UserActed acted = plan.activities().get(i);
      List<?> before = profile.recentHistory();
      assertEquals(before.subList(0, Math.min(before.size(), limit)), acted.previousNewestFirst(), "event " + i);
      profile = profile.apply(events.get(i), CATEGORIES.get(events.get(i).itemId()), settings.profileSettings());
    }
  }
}
