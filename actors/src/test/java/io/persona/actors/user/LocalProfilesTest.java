package io.persona.actors.user;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.user.UserEntity.Accepted;
import io.persona.actors.user.UserEntity.Command;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.UserProfile;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A user entity keeps this node's view of its profile current: published once recovered and after
 * every acknowledged event, withdrawn while a deletion holds it, when it restarts and when it stops.
 */
class LocalProfilesTest {
  private static final Config CONFIG = EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load());
  private static ActorTestKit testKit;
  private final UserEntitySettings settings = UserEntitySettings.fromConfig(ConfigFactory.load());

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("LocalProfilesTest", CONFIG);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  private static UserEvent event(String userId, String id, String item) {
    return new UserEvent(id, userId, "purchase", item, Instant.parse("2024-03-01T12:00:00Z"), 0.0, null, Map.of());
  }

  private static UserProfile awaitPublished(LocalProfiles profiles, String userId) {
    return testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      UserProfile published = profiles.published(userId);
      assertNotNull(published, userId + "'s profile published");
      return published;
    });
  }

  /** Records one purchase and waits for its acknowledgement. */
  private static void recordAcknowledged(ActorRef<Command> entity, String userId, String eventId, String item) {
    TestProbe<UserEntity.RecordResult> producer = testKit.createTestProbe();
    entity.tell(new UserEntity.RecordEvent(event(userId, eventId, item), "shoes", producer.ref()));
    producer.expectMessage(new Accepted(eventId));
  }

  @Test
  void anAcknowledgedEventIsInTheLocalProfileBeforeTheAcknowledgement() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30), System::nanoTime);
    ActorRef<Command> entity = testKit.spawn(UserEntity.create("alice", settings, profiles));

    recordAcknowledged(entity, "alice", "e1", "sku-1");
    assertEquals(1, profiles.published("alice").totalEvents(), "visible as soon as it is acknowledged");
    recordAcknowledged(entity, "alice", "e2", "sku-2");

    TestProbe<UserEntity.ProfileSnapshot> reader = testKit.createTestProbe();
    entity.tell(new UserEntity.GetProfile(reader.ref()));
    assertSame(reader.receiveMessage().profile(), profiles.published("alice"), "the entity's own profile, not a copy");
    assertEquals(2, profiles.published("alice").totalEvents());
  }

  @Test
  void aRecoveredEntityPublishesItsProfileBeforeAnyCommand() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30), System::nanoTime);
    testKit.spawn(UserEntity.create("new-user", settings, profiles));
    UserProfile published = awaitPublished(profiles, "new-user");
    assertNotNull(published, "a user without events has an empty profile here once recovered");
    assertEquals(0, published.totalEvents());
  }

  @Test
  void aDeletionWithdrawsTheProfileFromTheHoldOnAndStoppingKeepsItWithdrawn() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30), System::nanoTime);
    ActorRef<Command> entity = testKit.spawn(UserEntity.create("bob", settings, profiles));
    recordAcknowledged(entity, "bob", "e1", "sku-1");

    TestProbe<UserEntity.Holding> deleter = testKit.createTestProbe();
    entity.tell(new UserEntity.HoldForDeletion(Instant.now().plusSeconds(60), deleter.ref()));
    deleter.expectMessage(new UserEntity.Holding("bob"));
    assertNull(profiles.published("bob"), "while held, readers ask the entity (an empty profile)");

    entity.tell(new UserEntity.Deleted(deleter.ref()));
    deleter.expectMessage(new UserEntity.Holding("bob"));
    deleter.expectTerminated(entity);
    assertNull(profiles.published("bob"));
  }

  @Test
  void aStoppedEntityWithdrawsItsProfile() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30), System::nanoTime);
    ActorRef<Command> entity = testKit.spawn(UserEntity.create("carol", settings, profiles));
    assertNotNull(awaitPublished(profiles, "carol"));
    testKit.stop(entity);
    assertNull(profiles.published("carol"), "a passivated user leaves nothing behind");
  }

  @Test
  void aReadTellsTheEntityItIsInUseOncePerInterval() {
    AtomicLong clock = new AtomicLong();
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30), clock::get);
    UserProfile published = UserProfile.empty("erin");
    profiles.publish("erin", published);
    List<String> told = new ArrayList<>();
    clock.set(Duration.ofSeconds(29).toNanos());
    assertSame(published, profiles.read("erin", told::add));
    assertEquals(List.of(), told, "published 29 s ago: the entity acted itself");
    clock.set(Duration.ofSeconds(30).toNanos());
    assertSame(published, profiles.read("erin", told::add));
    assertSame(published, profiles.read("erin", told::add));
    assertEquals(List.of("erin"), told, "once for the interval, not once per read");
    clock.set(Duration.ofSeconds(61).toNanos());
    profiles.read("erin", told::add);
    assertEquals(List.of("erin", "erin"), told, "and again an interval after that");
    assertNull(profiles.read("nobody", told::add));
    assertEquals(2, told.size(), "nothing to keep alive for a user not here");
  }

  /**
   * An entity of {@code userId} that restarts after {@code backoff} when its journal fails, with one
   * acknowledged event, and whose next journal write fails (for this user only).
   */
  private ActorRef<Command> entityWithOneEventAndFailingNext(String userId, String backoff, LocalProfiles profiles) {
    UserEntitySettings restarts = UserEntitySettings.fromConfig(ConfigFactory.parseString(
            "persona.users.persist-failure-backoff { min = " + backoff + ", max = " + backoff + " }")
        .withFallback(ConfigFactory.load()));
    ActorRef<Command> entity = testKit.spawn(UserEntity.create(userId, restarts, profiles));
    recordAcknowledged(entity, userId, "e1", "sku-1");
    PersistenceTestKit.create(testKit.system()).failNextPersisted(UserEntity.persistenceId(userId).id());
    return entity;
  }

  @Test
  void anEntityRestartingAfterAJournalFailureWithdrawsItsProfileAndAStopThenLeavesNothing() {
    // a long backoff, so that the entity is stopped while it waits to restart (a hand-off while
    // Cassandra is away): PostStop does not reach it then, PreRestart did
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30), System::nanoTime);
    ActorRef<Command> entity = entityWithOneEventAndFailingNext("gina", "20s", profiles);
    assertNotNull(profiles.published("gina"));

    TestProbe<UserEntity.RecordResult> producer = testKit.createTestProbe();
    entity.tell(new UserEntity.RecordEvent(event("gina", "e2", "sku-2"), "shoes", producer.ref()));
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      assertNull(profiles.published("gina"), "withdrawn when the entity restarts");
      return null;
    });
    producer.expectNoMessage(Duration.ofMillis(100));
    testKit.stop(entity);
    assertNull(profiles.published("gina"), "nothing left behind by an entity stopped in its backoff");
  }

  @Test
  void anEntityRestartedAfterAJournalFailurePublishesAgainOnceRecoveredAndItsStopWithdrawsThat() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30), System::nanoTime);
    ActorRef<Command> entity = entityWithOneEventAndFailingNext("hugo", "100ms", profiles);
    UserProfile before = profiles.published("hugo");

    entity.tell(new UserEntity.RecordEvent(event("hugo", "e2", "sku-2"), "shoes",
        testKit.<UserEntity.RecordResult>createTestProbe().ref()));
    UserProfile after = testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      UserProfile published = profiles.published("hugo");
      assertNotNull(published, "published again once recovered");
      assertNotSame(before, published, "the recovered incarnation's own profile");
      return published;
    });
    assertEquals(1, after.totalEvents(), "what the journal holds: the failed event was never acknowledged");
    testKit.stop(entity);
    assertNull(profiles.published("hugo"), "the stop withdraws the profile published after the restart");
  }

  @Test
  void anIdleTimeoutSetOffKeepsEntitiesAliveAtTheDefaultInterval() {
    Config off = ConfigFactory.parseString(LocalProfiles.IDLE_TIMEOUT + " = off");
    assertNull(LocalProfiles.idleTimeout(off));
    assertNull(LocalProfiles.idleTimeout(ConfigFactory.empty()));
    assertEquals(Duration.ofMinutes(2),
        LocalProfiles.idleTimeout(ConfigFactory.parseString(LocalProfiles.IDLE_TIMEOUT + " = 2 minutes")));
  }

  @Test
  void theKeepAliveIntervalIsAQuarterOfTheIdleTimeoutAtMostHalfAMinute() {
    assertEquals(Duration.ofSeconds(30), LocalProfiles.keepAliveEvery(Duration.ofMinutes(2)));
    assertEquals(Duration.ofSeconds(5), LocalProfiles.keepAliveEvery(Duration.ofSeconds(20)));
    assertEquals(Duration.ofSeconds(30), LocalProfiles.keepAliveEvery(null));
  }

  @Test
  void aKeepAliveIsAnsweredWithNothingAndChangesNothing() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30), System::nanoTime);
    EventSourcedBehaviorTestKit<Command, UserEntity.Event, UserEntity.State> entity =
        EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("frank", settings, profiles));
    var result = entity.runCommand(new UserEntity.KeepAlive());
    assertEquals(List.of(), result.events());
    assertEquals(0, result.state().profile().totalEvents());
  }

  @Test
  void anEarlierIncarnationNeverWithdrawsALaterOnesProfile() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30), System::nanoTime);
    UserProfile earlier = UserProfile.empty("dave");
    UserProfile later = UserProfile.empty("dave");
    profiles.publish("dave", earlier);
    profiles.publish("dave", later);
    profiles.withdraw("dave", earlier);
    assertSame(later, profiles.published("dave"));
    profiles.withdraw("dave", later);
    assertNull(profiles.published("dave"));
  }
}
