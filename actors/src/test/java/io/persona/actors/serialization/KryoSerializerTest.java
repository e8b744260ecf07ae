package io.persona.actors.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.persona.actors.serialization.WireSamples.T0;
import static io.persona.actors.serialization.WireSamples.bareEvent;
import static io.persona.actors.serialization.WireSamples.richEvent;
import static io.persona.actors.serialization.WireSamples.richProfile;
import static io.persona.actors.serialization.WireSamples.singleEventProfile;
import static io.persona.actors.serialization.WireSamples.wrappedRecentEventIds;

import com.esotericsoftware.kryo.io.Input;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.user.RecentEventIds;
import io.persona.actors.user.UserEntity.Accepted;
import io.persona.actors.user.UserEntity.Duplicate;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.GetProfile;
import io.persona.actors.user.UserEntity.ProfileSnapshot;
import io.persona.actors.user.UserEntity.RecordEvent;
import io.persona.actors.user.UserEntity.RecordResult;
import io.persona.actors.user.UserEntity.Rejected;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kryo serializer itself, through pekko's serialization extension and the bindings of
 * reference.conf: registration ids, the stored format, references that must resolve, what is
 * refused, and the registration table. That every wire class of every module has samples that
 * round-trip is tests/' KryoEveryClassTest (over {@link WireSamples}).
 */
class KryoSerializerTest {
  private static final ProfileSettings POLICY = ProfileSettings.defaults();

  private static ActorTestKit testKit;
  private static Serialization serialization;

  /** Not in the registration table: the serializer is bound to it but must refuse it. */
  record NotRegistered(String text) implements KryoSerializable {}

  @BeforeAll
  static void startSystem() {
    Config config = ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load());
    testKit = ActorTestKit.create("KryoSerializerTest", config);
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  // ---- helpers ----

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T message) {
    Serializer serializer = serialization.findSerializerFor(message);
    assertInstanceOf(KryoSerializer.class, serializer, message.getClass().getName());
    assertSame(serializer, serializerFor(message.getClass()));

    byte[] bytes = serialization.serialize(message).get();
    String manifest = Serializers.manifestFor(serializer, message);
    assertEquals(storedManifest(message.getClass()), manifest,
        "a message has no manifest (the registration id names the class), a stored format its version");
    Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();

    assertNotSame(message, back);
    assertEquals(message.getClass(), back.getClass());
    return (T) back;
  }

  /** The journal event and the snapshot carry their format version; every message has no manifest. */
  private static String storedManifest(Class<?> type) {
    if (type == EventRecorded.class) {
      return "206.v2";
    }
    return type == State.class ? "207.v2" : "";
  }

  private static Serializer serializerFor(Class<?> type) {
    try {
      return serialization.serializerFor(type);
    } catch (java.io.NotSerializableException e) {
      throw new AssertionError("no serializer for " + type.getName(), e);
    }
  }

  /** The registration id Kryo writes first (as id + 2, a positive varint). */
  private static int leadingRegistrationId(Object message) {
    byte[] bytes = serialization.serialize(message).get();
    return new Input(bytes).readVarInt(true) - 2;
  }

  private static void assertSameRecentIds(RecentEventIds expected, RecentEventIds actual, List<String> ids) {
    assertEquals(expected.capacity(), actual.capacity(), "capacity");
    assertEquals(expected.size(), actual.size(), "size");
    for (String id : ids) {
      assertEquals(expected.fingerprintOf(id), actual.fingerprintOf(id), id);
    }
  }

  // ---- registration ids ----

  @Test
  void theBytesStartWithTheConfiguredRegistrationId() {
    // ids are part of every stored byte: these must never change
    assertEquals(202, leadingRegistrationId(new Accepted("e1")));
    assertEquals(203, leadingRegistrationId(new Duplicate("e1")));
    assertEquals(204, leadingRegistrationId(new Rejected("e1", "why")));
    assertEquals(205, leadingRegistrationId(new ProfileSnapshot(UserProfile.empty("u1"))));
    assertEquals(206, leadingRegistrationId(new EventRecorded(bareEvent("e1"), null)));
    assertEquals(207, leadingRegistrationId(
        new State(UserProfile.empty("u1"), RecentEventIds.withCapacity(2))));
  }

  // ---- the stored format ----

  /**
   * An EventRecorded as format version 1 (before stored formats had versions) wrote it to the
   * journal, with an empty manifest: Kryo's record components sorted by name. Journals hold such
   * rows for good, so they must stay readable. (Today's format is pinned in StoredFormatsTest; more
   * version-1 journals and snapshots are in formats/v1, read by StoredFormatsV1Test.)
   */
  private static final String EVENT_RECORDED_V1 =
      "d001011b02036465766963e5036d6f62696ce565b16974656d2db17265712d34b201c08687af06959aef3a726174696e"
      + "e775b101000000000000124073686f65f3";

  /** A State (a snapshot) as format version 1 wrote it. */
  private static final String STATE_V1 =
      "d101011b020373686f65f369f6c9959ebf6300000000000008401b0203726174696ee709021b02036974656d2db169f6"
      + "c9959ebf63000000000000084001c08687af06959aef3a19826873686f65f36974656d2db101c08687af06959aef3a72"
      + "6174696ee70275b1010391a686cfef9becf9d2000365b1800202";

  private static EventRecorded goldenEventRecorded() {
    return new EventRecorded(new UserEvent("e1", "u1", "rating", "item-1", T0.plusNanos(123_456_789), 4.5,
        "req-42", Map.of("device", "mobile")), "shoes");
  }

  @Test
  void journalBytesOfEventRecordedV1StillRead() {
    Serializer serializer = serializerFor(EventRecorded.class);
    byte[] stored = HexFormat.of().parseHex(EVENT_RECORDED_V1);

    assertEquals(goldenEventRecorded(), serialization.deserialize(stored, serializer.identifier(), "").get());
    // and the same event is written in today's format, which says so in its manifest
    assertEquals("206.v2", Serializers.manifestFor(serializer, goldenEventRecorded()));
    assertEquals(goldenEventRecorded(), roundTrip(goldenEventRecorded()));
  }

  @Test
  void snapshotBytesOfStateV1StillRead() {
    Serializer serializer = serializerFor(State.class);
    byte[] stored = HexFormat.of().parseHex(STATE_V1);
    UserEvent event = goldenEventRecorded().event();

    State state = assertInstanceOf(State.class,
        serialization.deserialize(stored, serializer.identifier(), "").get());

    assertEquals(UserProfile.empty("u1").apply(event, "shoes", POLICY), state.profile());
    assertEquals(2, state.recentEventIds().capacity());
    assertEquals(1, state.recentEventIds().size());
    // the fingerprint stored in the snapshot is the one this version computes for the event
    assertEquals(java.util.OptionalLong.of(event.contentFingerprint()), state.recentEventIds().fingerprintOf("e1"));
    assertEquals(-7600343819513547145L, event.contentFingerprint());
  }

  // ---- round trips that check more than equality ----
  // (Every sample of WireSamples round-trips with equality in tests/: KryoEveryClassTest.)

  @Test
  void recordEventsReplyToResolvesToTheSameActor() {
    TestProbe<RecordResult> probe = testKit.createTestProbe(RecordResult.class);
    RecordEvent message = new RecordEvent(richEvent("e1"), "shoes", probe.ref());

    RecordEvent back = roundTrip(message);

    assertEquals(message, back);
    assertEquals(message.event().contentFingerprint(), back.event().contentFingerprint());
    assertEquals(T0.plusNanos(123_456_789), back.event().timestamp());
    // the resolved reference reaches the probe
    back.replyTo().tell(new Accepted("e1"));
    probe.expectMessage(new Accepted("e1"));
  }

  @Test
  void getProfilesReplyToResolvesToTheSameActor() {
    TestProbe<ProfileSnapshot> probe = testKit.createTestProbe(ProfileSnapshot.class);
    GetProfile message = new GetProfile(probe.ref());

    GetProfile back = roundTrip(message);

    assertEquals(message, back);
    back.replyTo().tell(new ProfileSnapshot(UserProfile.empty("u1")));
    probe.expectMessage(new ProfileSnapshot(UserProfile.empty("u1")));
  }

  @Test
  void theRichProfileSampleHasEveryPartFilled() {
    UserProfile rich = richProfile();
    assertEquals(5, rich.totalEvents());
    assertTrue(rich.itemAffinities().size() > 2);
    assertEquals(2, rich.categoryAffinities().size());
    assertTrue(rich.recentHistory().stream().anyMatch(h -> h.category() == null));
  }

  @Test
  void aStatesDedupWindowBehavesAsTheSameRingAfterTheRoundTrip() {
    List<String> ids = List.of("e1", "e2", "e3", "e4", "e5", "e6");
    for (State state : List.of(
        new State(richProfile(), wrappedRecentEventIds()),
        new State(singleEventProfile(), RecentEventIds.withCapacity(500).plus("e1", 0L)),
        new State(UserProfile.empty("u1"), RecentEventIds.withCapacity(1)))) {
      State back = roundTrip(state);
      assertEquals(state.profile(), back.profile());
      assertSameRecentIds(state.recentEventIds(), back.recentEventIds(), ids);
      // and it still behaves as the same ring afterwards
      assertSameRecentIds(state.recentEventIds().plus("e6", 6L), back.recentEventIds().plus("e6", 6L), ids);
    }
  }

  // ---- what is refused ----

  @Test
  void aKryoSerializableClassMissingFromTheTableFailsClearly() {
    NotRegistered message = new NotRegistered("x");
    Serializer serializer = serialization.findSerializerFor(message);
    assertInstanceOf(KryoSerializer.class, serializer);

    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(message));
    assertTrue(failure.getMessage().contains("Class is not registered"), failure.getMessage());
    assertTrue(failure.getMessage().contains(NotRegistered.class.getName()), failure.getMessage());
    assertTrue(serialization.serialize(message).isFailure());

    // a failed write leaves the pooled Kryo instances usable
    for (int i = 0; i < 10; i++) {
      assertEquals(new Accepted("e" + i), roundTrip(new Accepted("e" + i)));
    }
  }

  @Test
  void bytesWithAnUnknownRegistrationIdAreRefused() {
    byte[] unknownId = {(byte) 0xE8, 0x07}; // varint 1000: id 998, not in the table
    Serializer serializer = serializerFor(Accepted.class);
    assertTrue(serialization.deserialize(unknownId, serializer.identifier(), "").isFailure());
  }

  // ---- the registration table ----

  private static Map<Class<?>, Integer> table(String entries) {
    Config config = ConfigFactory.parseString("persona.serialization.kryo.registrations {\n" + entries + "\n}");
    return KryoRegistrations.fromConfig(config, KryoSerializerTest.class.getClassLoader());
  }

  @Test
  void theShippedTableLoadsWithUniqueIdsFrom20Up() {
    Map<Class<?>, Integer> shipped = KryoRegistrations.fromConfig(ConfigFactory.load(), getClass().getClassLoader());
    assertEquals(shipped.size(), Set.copyOf(shipped.values()).size());
    assertTrue(shipped.values().stream().allMatch(id -> id >= 20));
    assertEquals(200, shipped.get(RecordEvent.class));
    assertEquals(207, shipped.get(State.class));
    assertEquals(208, shipped.get(RecentEventIds.class));
  }

  @Test
  void aTableIsReadInIdOrder() {
    Map<Class<?>, Integer> table = table("""
        "java.util.HashMap" = 31
        "java.util.ArrayList" = 20
        "java.time.Instant" = 25
        """);
    assertEquals(List.of(java.util.ArrayList.class, Instant.class, java.util.HashMap.class),
        List.copyOf(table.keySet()));
    assertEquals(List.of(20, 25, 31), List.copyOf(table.values()));
  }

  @Test
  void aDuplicateIdIsRejected() {
    IllegalStateException failure = assertThrows(IllegalStateException.class, () -> table("""
        "java.util.ArrayList" = 20
        "java.util.HashMap" = 20
        """));
    assertTrue(failure.getMessage().contains("id 20"), failure.getMessage());
    assertTrue(failure.getMessage().contains("java.util.ArrayList"), failure.getMessage());
    assertTrue(failure.getMessage().contains("java.util.HashMap"), failure.getMessage());
  }

  @Test
  void anIdBelow20IsRejected() {
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> table("\"java.util.ArrayList\" = 19"));
    assertTrue(failure.getMessage().contains("below 20"), failure.getMessage());
    assertTrue(failure.getMessage().contains("java.util.ArrayList"), failure.getMessage());

    assertThrows(IllegalStateException.class, () -> table("\"java.util.ArrayList\" = 0"));
    assertThrows(IllegalStateException.class, () -> table("\"java.util.ArrayList\" = -1"));
    assertEquals(Map.of(java.util.ArrayList.class, 20), table("\"java.util.ArrayList\" = 20"));
  }

  @Test
  void anUnknownClassIsRejected() {
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> table("\"io.persona.NoSuchClass\" = 300"));
    assertTrue(failure.getMessage().contains("io.persona.NoSuchClass"), failure.getMessage());
    assertInstanceOf(ClassNotFoundException.class, failure.getCause());
  }
}
