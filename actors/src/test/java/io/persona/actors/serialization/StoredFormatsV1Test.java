package io.persona.actors.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.persona.actors.user.RecentEventIds;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.profile.InteractedItems;
import io.persona.models.profile.UserProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Journal events and snapshots written before stored formats had versions (the files of
 * {@code formats/v1}, see its README) are read by today's code, through pekko's serialization
 * extension exactly as a replay hands them over: serializer id 7301, empty manifest. And an entity
 * that read them writes them back in today's format.
 */
class StoredFormatsV1Test {
  /** The row's serializer id and manifest, as the code of d7311c9 wrote them. */
  private static final int SERIALIZER_ID = 7301;
  private static final String V1_MANIFEST = "";

  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("StoredFormatsV1Test",
        ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  static byte[] v1Bytes(String fileName) {
    try (InputStream in = StoredFormatsV1Test.class.getResourceAsStream("/formats/v1/" + fileName)) {
      assertNotNull(in, "formats/v1/" + fileName);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A State compares its ring by identity: compare the profile, and the ring by what it does. */
  static void assertSameState(State expected, State actual) {
    assertEquals(expected.profile(), actual.profile(), "profile");
    assertSameRing(expected.recentEventIds(), actual.recentEventIds());
    assertSameRing(expected.recentEventIds().plus("e6", 6L), actual.recentEventIds().plus("e6", 6L));
  }

  static void assertSameRing(RecentEventIds expected, RecentEventIds actual) {
    assertEquals(expected.capacity(), actual.capacity(), "capacity");
    assertEquals(expected.size(), actual.size(), "size");
    for (String id : StoredSamples.RING_IDS) {
      assertEquals(expected.fingerprintOf(id), actual.fingerprintOf(id), id);
    }
  }

  static void assertSameStored(Object expected, Object actual, String what) {
    assertEquals(expected.getClass(), actual.getClass(), what);
    if (expected instanceof State state) {
      assertSameState(state, (State) actual);
    } else {
      assertEquals(expected, actual, what);
    }
  }

  private static Object readV1(String fileName) {
    return serialization.deserialize(v1Bytes(fileName), SERIALIZER_ID, V1_MANIFEST).get();
  }

  @Test
  void everyJournalEventOfVersion1ReadsAsTheEventItWas() {
    for (String file : new String[] {"event-recorded-rating.bin", "event-recorded-view.bin", "event-recorded-purchase.bin"}) {
      Object event = readV1(file);
      assertInstanceOf(EventRecorded.class, event, file);
      assertEquals(StoredSamples.byFileName().get(file), event, file);
    }
  }

  @Test
  void everySnapshotOfVersion1ReadsAsTheStateItWas() {
    for (String file : new String[] {"state-rich.bin", "state-single-event.bin", "state-empty.bin"}) {
      State state = assertInstanceOf(State.class, readV1(file), file);
      assertSameState((State) StoredSamples.byFileName().get(file), state);
      // stored before the profile kept every item it had: what its affinities and history held, the
      // history's items that the affinities lack held apart
      UserProfile profile = state.profile();
      Set<String> known = new HashSet<>(profile.itemAffinities().keySet());
      profile.recentHistory().forEach(entry -> known.add(entry.itemId()));
      assertEquals(InteractedItems.of(known), profile.everyInteractedItem(), file);
      Set<String> apart = new HashSet<>(known);
      apart.removeAll(profile.itemAffinities().keySet());
      assertEquals(InteractedItems.of(apart), profile.interactedItems(), file);
    }
  }

  @Test
  void theWrappedRingOfAVersion1SnapshotForgetsTheSameIdNext() {
    State state = (State) readV1("state-rich.bin");
    // capacity 3 holding e3, e4, e5: the next id pushes out e3, the oldest
    RecentEventIds next = state.recentEventIds().plus("e6", 6L);
    assertEquals(java.util.OptionalLong.empty(), next.fingerprintOf("e3"));
    assertEquals(java.util.OptionalLong.of(4004L), next.fingerprintOf("e4"));
  }

  @Test
  void whatWasReadFromVersion1IsWrittenInTodaysFormatAndReadsBackTheSame() {
    for (Map.Entry<String, Object> sample : StoredSamples.byFileName().entrySet()) {
      Object fromV1 = readV1(sample.getKey());
      String manifest = Serializers.manifestFor(serialization.findSerializerFor(fromV1), fromV1);
      assertEquals((fromV1 instanceof State ? "207" : "206") + ".v2", manifest, sample.getKey());

      byte[] rewritten = serialization.serialize(fromV1).get();
      assertSameStored(sample.getValue(), serialization.deserialize(rewritten, SERIALIZER_ID, manifest).get(),
          sample.getKey());
    }
  }
}
