package io.persona.actors.user;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.user.UserEntity.Accepted;
import io.persona.actors.user.UserEntity.Command;
import io.persona.actors.user.UserEntity.Event;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.events.UserEvent;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While its data is deleted, an entity persists nothing and answers no event; told it is deleted, it stops. */
class UserEntityDeletionTest {
  private static final Config CONFIG = EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load());
  private static ActorTestKit testKit;
  private final UserEntitySettings settings = UserEntitySettings.fromConfig(ConfigFactory.load());

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("UserEntityDeletionTest", CONFIG);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  private static UserEvent event(String userId, String id) {
    return new UserEvent(id, userId, "view", "item-1", Instant.parse("2024-03-01T12:00:00Z"), 0.0, null, Map.of());
  }

  @Test
  void aHoldingEntityRecordsNothingShowsAnEmptyProfileAndStopsWhenDeleted() {
    EventSourcedBehaviorTestKit<Command, Event, State> entity =
        EventSourcedBehaviorTestKit.create(testKit.system(), UserEntity.create("deleted-user", settings));
    assertEquals(new Accepted("e1"), entity.<UserEntity.RecordResult>runCommand(
        replyTo -> new UserEntity.RecordEvent(event("deleted-user", "e1"), "shoes", replyTo)).reply());

    assertEquals(new UserEntity.Holding("deleted-user"), entity.<UserEntity.Holding>runCommand(
        replyTo -> new UserEntity.HoldForDeletion(Instant.now().plusSeconds(60), replyTo)).reply());
    TestProbe<UserEntity.RecordResult> producer = testKit.createTestProbe();
    var held = entity.runCommand(new UserEntity.RecordEvent(event("deleted-user", "e2"), "shoes", producer.ref()));
    assertTrue(held.events().isEmpty(), "nothing persisted while held");
    producer.expectNoMessage(Duration.ofMillis(200));
    assertEquals(0, entity.<UserEntity.ProfileSnapshot>runCommand(UserEntity.GetProfile::new).reply()
        .profile().totalEvents());
  }

  @Test
  void toldItIsDeletedTheEntityStops() {
    ActorRef<Command> entity = testKit.spawn(UserEntity.create("stopped-user", settings));
    TestProbe<UserEntity.Holding> deleter = testKit.createTestProbe();
    entity.tell(new UserEntity.HoldForDeletion(Instant.now().plusSeconds(60), deleter.ref()));
    deleter.expectMessage(new UserEntity.Holding("stopped-user"));
    entity.tell(new UserEntity.Deleted(deleter.ref()));
    deleter.expectMessage(new UserEntity.Holding("stopped-user"));
    deleter.expectTerminated(entity);
  }

  @Test
  void aHoldPastItsDeadlineStopsTheEntityAtItsNextEventSoItRecoversAfresh() {
    ActorRef<Command> entity = testKit.spawn(UserEntity.create("held-too-long", settings));
    TestProbe<Object> probe = testKit.createTestProbe();
    entity.tell(new UserEntity.HoldForDeletion(Instant.now().minusSeconds(1), probe.ref().narrow()));
    probe.expectMessage(new UserEntity.Holding("held-too-long"));
    entity.tell(new UserEntity.RecordEvent(event("held-too-long", "e1"), "shoes", probe.ref().narrow()));
    probe.expectTerminated(entity);
  }
}
