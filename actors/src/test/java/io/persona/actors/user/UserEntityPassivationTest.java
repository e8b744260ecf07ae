package io.persona.actors.user;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.persona.actors.activity.Activity;
import io.persona.actors.user.UserEntity.Accepted;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.UserProfile;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User entities under real Cluster Sharding with the node's passivation strategy, its idle timeout
 * shortened to 4 s: a user whose profile is only read stays live, because a local read never
 * reaches the entity but tells it {@link UserEntity.KeepAlive}; a user neither read nor acting is
 * passivated (which shows that the timeout acts here, so the first half can fail).
 */
class UserEntityPassivationTest {
  /** Long against the keep-alive interval (a quarter of it), so a pause of a loaded machine does not passivate. */
  private static final Duration IDLE = Duration.ofSeconds(4);
  private static final Duration ASK = Duration.ofSeconds(10);
  private static final Config CONFIG = ConfigFactory.parseString("""
          pekko.actor.provider = cluster
          pekko.remote.artery.canonical.hostname = 127.0.0.1
          pekko.remote.artery.canonical.port = 0
          pekko.cluster.jmx.enabled = off
          """)
      .withFallback(shippedPassivation())
      .withFallback(EventSourcedBehaviorTestKit.config())
      .withFallback(ConfigFactory.load());

  /** The node's own passivation settings (persona-node.conf), the idle timeout alone shortened. */
  private static Config shippedPassivation() {
    String path = "pekko.cluster.sharding.passivation";
    Config node = ConfigFactory.parseResources("persona-node.conf")
        .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    return ConfigFactory.parseString(path + ".persona-users.idle-entity.timeout = " + IDLE.toSeconds() + "s")
        .withFallback(node.withOnlyPath(path));
  }

  private static ActorTestKit testKit;
  private static Users users;

  @BeforeAll
  static void startSingleNodeCluster() {
    assertEquals("persona-users", CONFIG.getString("pekko.cluster.sharding.passivation.strategy"),
        "persona-node.conf's strategy is the one tested");
    testKit = ActorTestKit.create("UserEntityPassivationTest", CONFIG);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10),
        () -> {
          assertEquals(MemberStatus.up(), cluster.selfMember().status());
          return null;
        });
    UserEntity.init(testKit.system(), UserEntitySettings.fromConfig(CONFIG),
        testKit.spawn(Topic.create(Activity.class, Activity.TOPIC)));
    users = new Users(testKit.system());
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  private static void recordOnePurchase(String userId) throws Exception {
    UserEvent event = new UserEvent(userId + "-e1", userId, "purchase", "sku-1",
        Instant.parse("2024-03-01T12:00:00Z"), 0.0, null, Map.of());
    UserEntity.RecordResult result = users.record(event, "shoes", ASK).toCompletableFuture()
        .get(ASK.toSeconds(), TimeUnit.SECONDS);
    assertEquals(new Accepted(event.eventId()), result);
  }

  @Test
  void aUserWhoseProfileIsReadStaysLiveWhileAnIdleOneIsPassivated() throws Exception {
    LocalProfiles local = LocalProfiles.get(testKit.system());
    recordOnePurchase("reader");
    recordOnePurchase("idle");
    UserProfile live = local.published("reader");
    assertNotNull(live, "the entity runs on this node and published its profile");
    assertNotNull(local.published("idle"));

    // Read the reader's profile every 100 ms until the idle user has been passivated and at least
    // two idle timeouts have passed. A passivated reader would have withdrawn its profile, so the
    // next read would ask a recovered entity and get another instance.
    Instant started = Instant.now();
    Instant giveUp = started.plus(IDLE.multipliedBy(6));
    int reads = 0;
    while (local.published("idle") != null || Duration.between(started, Instant.now()).compareTo(IDLE.multipliedBy(2)) < 0) {
      assertTrue(Instant.now().isBefore(giveUp),
          "the user neither read nor acting was still live after " + IDLE.multipliedBy(6) + ": the idle timeout never acted");
      UserProfile read = users.profile("reader", ASK).toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);
      assertSame(live, read, "read " + (reads + 1) + ": the same live entity's profile, never passivated and recovered");
      reads++;
      Thread.sleep(100);
    }
    assertSame(live, local.published("reader"), "still published by the same entity");
  }
}
