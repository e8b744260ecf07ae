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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A user entity keeps this node's view of its profile current: published once recovered and after
 * every acknowledged event, withdrawn while a deletion holds it and when it stops.
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
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (profiles.get(userId) == null && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return profiles.get(userId);
  }

  @Test
  void anAcknowledgedEventIsInTheLocalProfileBeforeTheAcknowledgement() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30));
    ActorRef<Command> entity = testKit.spawn(UserEntity.create("alice", settings, profiles));
    TestProbe<UserEntity.RecordResult> producer = testKit.createTestProbe();

    entity.tell(new UserEntity.RecordEvent(event("alice", "e1", "sku-1"), "shoes", producer.ref()));
    producer.expectMessage(new Accepted("e1"));
    assertEquals(1, profiles.get("alice").totalEvents(), "visible as soon as it is acknowledged");
    entity.tell(new UserEntity.RecordEvent(event("alice", "e2", "sku-2"), "shoes", producer.ref()));
    producer.expectMessage(new Accepted("e2"));

    TestProbe<UserEntity.ProfileSnapshot> reader = testKit.createTestProbe();
    entity.tell(new UserEntity.GetProfile(reader.ref()));
    assertSame(reader.receiveMessage().profile(), profiles.get("alice"), "the entity's own profile, not a copy");
    assertEquals(2, profiles.get("alice").totalEvents());
  }

  @Test
  void aRecoveredEntityPublishesItsProfileBeforeAnyCommand() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30));
    testKit.spawn(UserEntity.create("new-user", settings, profiles));
    UserProfile published = awaitPublished(profiles, "new-user");
    assertNotNull(published, "a user without events has an empty profile here once recovered");
    assertEquals(0, published.totalEvents());
  }

  @Test
  void aDeletionWithdrawsTheProfileFromTheHoldOnAndStoppingKeepsItWithdrawn() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30));
    ActorRef<Command> entity = testKit.spawn(UserEntity.create("bob", settings, profiles));
    TestProbe<UserEntity.RecordResult> producer = testKit.createTestProbe();
    entity.tell(new UserEntity.RecordEvent(event("bob", "e1", "sku-1"), "shoes", producer.ref()));
    producer.expectMessage(new Accepted("e1"));

    TestProbe<UserEntity.Holding> deleter = testKit.createTestProbe();
    entity.tell(new UserEntity.HoldForDeletion(Instant.now().plusSeconds(60), deleter.ref()));
    deleter.expectMessage(new UserEntity.Holding("bob"));
    assertNull(profiles.get("bob"), "while held, readers ask the entity (an empty profile)");

    entity.tell(new UserEntity.Deleted(deleter.ref()));
    deleter.expectMessage(new UserEntity.Holding("bob"));
    deleter.expectTerminated(entity);
    assertNull(profiles.get("bob"));
  }

  @Test
  void aStoppedEntityWithdrawsItsProfile() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30));
    ActorRef<Command> entity = testKit.spawn(UserEntity.create("carol", settings, profiles));
    assertNotNull(awaitPublished(profiles, "carol"));
    testKit.stop(entity);
    assertNull(profiles.get("carol"), "a passivated user leaves nothing behind");
  }

  @Test
  void aReadTellsTheEntityItIsInUseOncePerInterval() throws InterruptedException {
    LocalProfiles profiles = new LocalProfiles(Duration.ofMillis(200));
    UserProfile published = UserProfile.empty("erin");
    profiles.publish("erin", published);
    java.util.List<String> told = new java.util.ArrayList<>();
    assertSame(published, profiles.read("erin", told::add));
    assertEquals(java.util.List.of(), told, "just published: the entity acted itself");
    Thread.sleep(250);
    assertSame(published, profiles.read("erin", told::add));
    assertSame(published, profiles.read("erin", told::add));
    assertEquals(java.util.List.of("erin"), told, "once for the interval, not once per read");
    assertNull(profiles.read("nobody", told::add));
    assertEquals(1, told.size(), "nothing to keep alive for a user not here");
  }

  @Test
  void theKeepAliveIntervalIsAQuarterOfTheIdleTimeoutAtMostHalfAMinute() {
    assertEquals(Duration.ofSeconds(30), LocalProfiles.keepAliveEvery(Duration.ofMinutes(2)));
    assertEquals(Duration.ofSeconds(5), LocalProfiles.keepAliveEvery(Duration.ofSeconds(20)));
    assertEquals(Duration.ofSeconds(30), LocalProfiles.keepAliveEvery(null));
  }

  @Test
  void aKeepAliveIsAnsweredWithNothingAndChangesNothing() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30));
    EventSourcedBehaviorTestKit<Command, UserEntity.Event, UserEntity.State> entity =
        EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("frank", settings, profiles));
    var result = entity.runCommand(new UserEntity.KeepAlive());
    assertEquals(java.util.List.of(), result.events());
    assertEquals(0, result.state().profile().totalEvents());
  }

  @Test
  void anEarlierIncarnationNeverWithdrawsALaterOnesProfile() {
    LocalProfiles profiles = new LocalProfiles(Duration.ofSeconds(30));
    UserProfile earlier = UserProfile.empty("dave");
    UserProfile later = UserProfile.empty("dave");
    profiles.publish("dave", earlier);
    profiles.publish("dave", later);
    profiles.withdraw("dave", earlier);
    assertSame(later, profiles.get("dave"));
    profiles.withdraw("dave", later);
    assertNull(profiles.get("dave"));
  }
}
