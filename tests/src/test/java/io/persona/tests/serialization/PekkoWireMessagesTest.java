package io.persona.tests.serialization;

import static io.persona.tests.serialization.DeepEquality.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.persona.actors.activity.Activity;
import io.persona.actors.catalog.CatalogChanged;
import io.persona.actors.model.ModelPublished;
import io.persona.actors.serialization.KryoSerializer;
import io.persona.actors.serialization.WireSamples;
import io.persona.actors.user.UserEntity;
import io.persona.actors.user.UserEntity.Accepted;
import io.persona.actors.user.UserEntity.GetProfile;
import io.persona.actors.user.UserEntity.ProfileSnapshot;
import io.persona.actors.user.UserEntity.RecordEvent;
import io.persona.actors.user.UserEntity.RecordResult;
import io.persona.tests.support.SharedCassandra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.internal.pubsub.TopicImpl;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pekko's own messages that carry Persona's across the wire: the sharding envelope around every
 * entity command, the topic's publication around every pub-sub message, and typed references
 * inside messages, resolved on another node and answered through, over Artery between two
 * ActorSystems.
 */
class PekkoWireMessagesTest {
  private static ActorTestKit nodeA;
  private static ActorTestKit nodeB;
  private static Serialization serialization;

  @BeforeAll
  static void startSystems() {
    // one system name, as in a cluster; the test configuration gives each a free remote port
    nodeA = ActorTestKit.create("persona", SharedCassandra.testConfig());
    nodeB = ActorTestKit.create("persona", SharedCassandra.testConfig());
    serialization = SerializationExtension.get(Adapter.toClassic(nodeA.system()));
  }

  @AfterAll
  static void stopSystems() {
    nodeB.shutdownTestKit();
    nodeA.shutdownTestKit();
  }

  /** Pekko's serializer for the wrapper, which writes the Persona message inside with Kryo. */
  private static Object roundTrip(Object wrapper) {
    Serializer serializer = serialization.findSerializerFor(wrapper);
    assertFalse(serializer instanceof KryoSerializer, "pekko's wrapper has pekko's serializer");
    String manifest = Serializers.manifestFor(serializer, wrapper);
    byte[] bytes = serialization.serialize(wrapper).get();
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  private static List<Object> samplesOf(Class<?>... types) {
    List<Object> samples = new ArrayList<>();
    var all = WireSamples.messages(nodeA.createTestProbe(Object.class).ref());
    for (Class<?> type : types) {
      all.forEach((sampled, values) -> {
        if (type.isAssignableFrom(sampled)) {
          samples.addAll(values);
        }
      });
    }
    return samples;
  }

  @Test
  void shardingEnvelopesCarryEveryEntityCommand() {
    List<Object> commands = samplesOf(UserEntity.Command.class);
    assertEquals(6, commands.stream().map(Object::getClass).distinct().count(),
        "RecordEvent, RecordEvents, GetProfile, KeepAlive, HoldForDeletion and Deleted");
    for (Object command : commands) {
      ShardingEnvelope<?> envelope = new ShardingEnvelope<>("u1", command);
      ShardingEnvelope<?> back = (ShardingEnvelope<?>) roundTrip(envelope);
      assertEquals("u1", back.entityId());
      assertDeepEquals(command, back.message(), "envelope.message");
    }
  }

  @Test
  void topicPublicationsCarryEveryPubSubMessage() {
    List<Object> published = samplesOf(Activity.class, CatalogChanged.class, ModelPublished.class);
    assertEquals(5, published.stream().map(Object::getClass).distinct().count(), "every message of the three topics");
    for (Object message : published) {
      TopicImpl.MessagePublished<?> back = (TopicImpl.MessagePublished<?>) roundTrip(new TopicImpl.MessagePublished<>(message));
      assertDeepEquals(message, back.message(), "published.message");
    }
  }

  /** Stands in for a user entity on node A: answers both commands as the entity would. */
  private static Behavior<UserEntity.Command> entityStandIn() {
    return Behaviors.receiveMessage(command -> {
      if (command instanceof RecordEvent record) {
        record.replyTo().tell(new Accepted(record.event().eventId()));
      } else if (command instanceof GetProfile get) {
        get.replyTo().tell(new ProfileSnapshot(WireSamples.richProfile()));
      }
      return Behaviors.same();
    });
  }

  @Test
  void replyReferencesCrossToAnotherNodeAndAreAnsweredThrough() throws Exception {
    ActorRef<UserEntity.Command> onA = nodeA.spawn(entityStandIn());
    ActorRef<UserEntity.Command> fromB = ActorRefResolver.get(nodeB.system())
        .resolveActorRef(ActorRefResolver.get(nodeA.system()).toSerializationFormat(onA));
    assertNotEquals(nodeA.system().address(), nodeB.system().address());

    // an ask's temporary reference, as the gateway asks an entity on another node
    ProfileSnapshot profile = AskPattern.<UserEntity.Command, ProfileSnapshot>ask(fromB, GetProfile::new,
        Duration.ofSeconds(10), nodeB.scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertEquals(new ProfileSnapshot(WireSamples.richProfile()), profile);

    // a spawned actor's reference
    var probe = nodeB.createTestProbe(RecordResult.class);
    fromB.tell(new RecordEvent(WireSamples.richEvent("e-remote"), "shoes", probe.ref()));
    probe.expectMessage(Duration.ofSeconds(10), new Accepted("e-remote"));
  }
}
