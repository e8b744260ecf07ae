package io.persona.actors.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Input;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.activity.Activity;
import io.persona.actors.catalog.CatalogChanged;
import io.persona.actors.model.ModelPublished;
import io.persona.actors.user.RecentEventIds;
import io.persona.actors.user.UserEntity;
import io.persona.actors.user.UserEntity.Accepted;
import io.persona.actors.user.UserEntity.Duplicate;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.GetProfile;
import io.persona.actors.user.UserEntity.ProfileSnapshot;
import io.persona.actors.user.UserEntity.RecordEvent;
import io.persona.actors.user.UserEntity.RecordResult;
import io.persona.actors.user.UserEntity.Rejected;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.catalog.Item;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.ProfilePolicy;
import io.persona.models.profile.UserProfile;
import java.io.Serializable;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * Every {@link KryoSerializable} class through pekko's serialization extension and the bindings of
 * reference.conf, as a node sends it to another node or to the journal.
 */
class KryoSerializerTest {
  private static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");
  private static final ProfilePolicy POLICY = ProfilePolicy.defaults();

  /** Every class that implements KryoSerializable, listed by hand (see everyKryoSerializableClassIsListed). */
  private static final List<Class<? extends KryoSerializable>> ALL_KRYO_SERIALIZABLE = List.of(
      RecordEvent.class, GetProfile.class, Accepted.class, Duplicate.class, Rejected.class,
      ProfileSnapshot.class, EventRecorded.class, State.class,
      Activity.UserActed.class, Activity.ItemsShown.class, CatalogChanged.class,
      ModelPublished.Promoted.class, ModelPublished.ChallengerChanged.class);

  private static ActorTestKit testKit;
  private static Serialization serialization;

  /** Not in the registration table: the serializer is bound to it but must refuse it. */
  record NotRegistered(String text) implements KryoSerializable {}

  /** Java-serializable only: there is no serializer for it with Java serialization off. */
  record JavaOnly(String text) implements Serializable {}

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

  // ---- fixtures ----

  private static UserEvent richEvent(String eventId) {
    return new UserEvent(eventId, "u1", "rating", "item-1", T0.plusNanos(123_456_789), 4.5, "req-42",
        Map.of("device", "mobile", "page", "pdp", "locale", "de-CH"));
  }

  private static UserEvent bareEvent(String eventId) {
    return new UserEvent(eventId, "u1", "view", "item-2", T0, null, null, Map.of());
  }

  /** A profile with history, several event types, item and category affinities (MapN, ListN). */
  private static UserProfile richProfile() {
    return UserProfile.empty("u1")
        .apply(bareEvent("e1"), "shoes", POLICY)
        .apply(new UserEvent("e2", "u1", "click", "item-3", T0.plusSeconds(60), null, "req-1",
            Map.of("device", "web")), "hats", POLICY)
        .apply(richEvent("e3"), "shoes", POLICY)
        .apply(new UserEvent("e4", "u1", "purchase", "item-3", T0.plusSeconds(3600), 19.99, null,
            Map.of()), "hats", POLICY)
        .apply(new UserEvent("e5", "u1", "wishlist", "item-4", T0.minusSeconds(3600), null, null,
            Map.of()), null, POLICY);
  }

  /** One event: single-entry maps and a one-element history (Map1, List12). */
  private static UserProfile singleEventProfile() {
    return UserProfile.empty("u1").apply(richEvent("e1"), "shoes", POLICY);
  }

  // ---- helpers ----

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T message) {
    Serializer serializer = serialization.findSerializerFor(message);
    assertInstanceOf(KryoSerializer.class, serializer, message.getClass().getName());
    assertSame(serializer, serializerFor(message.getClass()));

    byte[] bytes = serialization.serialize(message).get();
    String manifest = Serializers.manifestFor(serializer, message);
    assertEquals("", manifest, "no manifest: the registration id names the class");
    Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();

    assertNotSame(message, back);
    assertEquals(message.getClass(), back.getClass());
    return (T) back;
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

  // ---- the table covers every message ----

  @Test
  void everyKryoSerializableClassIsListed() throws Exception {
    // the sealed hierarchies of UserEntity's protocol, plus the two standalone records
    Set<Class<?>> declared = new HashSet<>();
    for (Class<?> sealed : List.of(UserEntity.Command.class, RecordResult.class, UserEntity.Event.class)) {
      declared.addAll(Arrays.asList(sealed.getPermittedSubclasses()));
    }
    declared.add(ProfileSnapshot.class);
    declared.add(State.class);
    Set<Class<?>> nestedInEntity = Arrays.stream(UserEntity.class.getDeclaredClasses())
        .filter(KryoSerializable.class::isAssignableFrom)
        .filter(c -> !c.isInterface())
        .collect(Collectors.toSet());
    assertEquals(nestedInEntity, Set.copyOf(declared));

    // node-to-node pub-sub messages
    declared.addAll(Arrays.asList(Activity.class.getPermittedSubclasses()));
    declared.add(CatalogChanged.class);
    declared.addAll(Arrays.asList(ModelPublished.class.getPermittedSubclasses()));
    assertEquals(declared, Set.copyOf(ALL_KRYO_SERIALIZABLE));
    assertEquals(kryoSerializableClassesOnDisk(), Set.copyOf(ALL_KRYO_SERIALIZABLE));
  }

  /** Every concrete KryoSerializable among the module's compiled main classes. */
  private static Set<Class<?>> kryoSerializableClassesOnDisk() throws Exception {
    URL marker = KryoSerializable.class.getResource("KryoSerializable.class");
    assertTrue(marker != null && "file".equals(marker.getProtocol()), "the scan needs main classes in a directory, as Maven provides them");
    Path root = Path.of(marker.toURI()).getParent().getParent().getParent().getParent().getParent();
    try (Stream<Path> files = Files.walk(root.resolve("io/persona/actors"))) {
      List<String> names = files
          .map(root::relativize)
          .map(Path::toString)
          .filter(name -> name.endsWith(".class"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace(java.io.File.separatorChar, '.'))
          .toList();
      Set<Class<?>> found = new HashSet<>();
      for (String name : names) {
        Class<?> type = Class.forName(name, false, KryoSerializerTest.class.getClassLoader());
        if (KryoSerializable.class.isAssignableFrom(type) && !type.isInterface()) {
          found.add(type);
        }
      }
      return found;
    }
  }

  @Test
  void everyKryoSerializableClassAndWhatItContainsIsRegistered() {
    Map<Class<?>, Integer> table = KryoRegistrations.fromConfig(ConfigFactory.load(), getClass().getClassLoader());
    for (Class<?> type : Stream.concat(ALL_KRYO_SERIALIZABLE.stream(), Stream.of(
        RecentEventIds.class, UserEvent.class, UserProfile.class, HistoryEntry.class, DecayedScore.class,
        Item.class, Instant.class, float[].class)).toList()) {
      assertTrue(table.containsKey(type), type.getName() + " is not in the Kryo registration table");
    }
  }

  @Test
  void theSerializerIsKryoWithItsConfiguredIdentifierAndNoManifest() {
    for (Class<?> type : ALL_KRYO_SERIALIZABLE) {
      Serializer serializer = serializerFor(type);
      assertInstanceOf(KryoSerializer.class, serializer, type.getName());
      assertEquals(7301, serializer.identifier());
      assertFalse(serializer.includeManifest());
    }
  }

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
   * An EventRecorded as this version writes it to the journal. Kryo writes record components
   * sorted by name, so renaming, adding or retyping a component of EventRecorded or UserEvent, a
   * new registration id, or a Kryo upgrade that changes the encoding all break this test: and,
   * without an explicit migration, every journal already written.
   */
  private static final String EVENT_RECORDED_V1 =
      "d001011b02036465766963e5036d6f62696ce565b16974656d2db17265712d34b201c08687af06959aef3a726174696e"
      + "e775b101000000000000124073686f65f3";

  /** A State (a snapshot) as this version writes it. */
  private static final String STATE_V1 =
      "d101011b020373686f65f369f6c9959ebf6300000000000008401b0203726174696ee709021b02036974656d2db169f6"
      + "c9959ebf63000000000000084001c08687af06959aef3a19826873686f65f36974656d2db101c08687af06959aef3a72"
      + "6174696ee70275b1010391a686cfef9becf9d2000365b1800202";

  private static EventRecorded goldenEventRecorded() {
    return new EventRecorded(new UserEvent("e1", "u1", "rating", "item-1", T0.plusNanos(123_456_789), 4.5,
        "req-42", Map.of("device", "mobile")), "shoes");
  }

  @Test
  void journalBytesOfEventRecordedV1StillReadAndAreStillWritten() {
    Serializer serializer = serializerFor(EventRecorded.class);
    byte[] stored = HexFormat.of().parseHex(EVENT_RECORDED_V1);

    assertEquals(goldenEventRecorded(), serialization.deserialize(stored, serializer.identifier(), "").get());
    assertEquals(EVENT_RECORDED_V1, HexFormat.of().formatHex(serialization.serialize(goldenEventRecorded()).get()));
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

  // ---- round trips, one per class ----

  @Test
  void recordEventWithValuesContextAndReplyToRoundTrips() {
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
  void recordEventWithNullValueRequestIdAndCategoryRoundTrips() {
    TestProbe<RecordResult> probe = testKit.createTestProbe(RecordResult.class);
    RecordEvent message = new RecordEvent(bareEvent("e1"), null, probe.ref());

    RecordEvent back = roundTrip(message);

    assertEquals(message, back);
    assertEquals(null, back.event().value());
    assertEquals(null, back.event().requestId());
    assertEquals(null, back.itemCategory());
    assertEquals(Map.of(), back.event().context());
  }

  @Test
  void recordEventWithASingleContextEntryRoundTrips() {
    TestProbe<RecordResult> probe = testKit.createTestProbe(RecordResult.class);
    UserEvent event = new UserEvent("e1", "u1", "purchase", "item-1", T0, 0.0, "r", Map.of("k", "v"));
    RecordEvent message = new RecordEvent(event, "", probe.ref());
    assertEquals(message, roundTrip(message));
  }

  @Test
  void getProfileRoundTrips() {
    TestProbe<ProfileSnapshot> probe = testKit.createTestProbe(ProfileSnapshot.class);
    GetProfile message = new GetProfile(probe.ref());

    GetProfile back = roundTrip(message);

    assertEquals(message, back);
    back.replyTo().tell(new ProfileSnapshot(UserProfile.empty("u1")));
    probe.expectMessage(new ProfileSnapshot(UserProfile.empty("u1")));
  }

  @Test
  void activityRoundTrips() {
    Activity.UserActed acted = new Activity.UserActed("u1", "click", "item-2", "shoes", T0, "req-1",
        List.of(new HistoryEntry("item-1", "view", null, T0.minusSeconds(5)),
            new HistoryEntry("item-0", "view", "hats", T0.minusSeconds(9))));
    assertEquals(acted, roundTrip(acted));
    Activity.UserActed first = new Activity.UserActed("u1", "view", "item-2", null, T0, null, List.of());
    assertEquals(first, roundTrip(first));
    Activity.ItemsShown shown = new Activity.ItemsShown(List.of("a", "b", "c"));
    assertEquals(shown, roundTrip(shown));
  }

  @Test
  void catalogChangesRoundTripWithTheirEmbeddings() {
    Item item = new Item("sku-1", "Red shoes", "shoes", List.of("red"), Map.of("brand", "x"), true, T0);
    CatalogChanged change = new CatalogChanged(List.of(item), Map.of("sku-1", new float[] {0.5f, -1f, Float.MIN_VALUE}));
    CatalogChanged back = roundTrip(change);
    assertEquals(change.items(), back.items());
    assertEquals(change.embeddings().keySet(), back.embeddings().keySet());
    assertTrue(Arrays.equals(change.embeddings().get("sku-1"), back.embeddings().get("sku-1")));
    CatalogChanged empty = roundTrip(new CatalogChanged(List.of(), Map.of()));
    assertTrue(empty.items().isEmpty() && empty.embeddings().isEmpty());
  }

  @Test
  void modelPublicationsRoundTrip() {
    assertEquals(new ModelPublished.Promoted("dcn-v2-20261121-101500-000"),
        roundTrip(new ModelPublished.Promoted("dcn-v2-20261121-101500-000")));
    assertEquals(new ModelPublished.ChallengerChanged("dcn-v2-x"), roundTrip(new ModelPublished.ChallengerChanged("dcn-v2-x")));
  }

  @Test
  void repliesRoundTrip() {
    assertEquals(new Accepted("e1"), roundTrip(new Accepted("e1")));
    assertEquals(new Duplicate("e-ü-\u00e9"), roundTrip(new Duplicate("e-ü-\u00e9")));
    assertEquals(new Rejected("e1", "eventId was already used for a different event"),
        roundTrip(new Rejected("e1", "eventId was already used for a different event")));
    assertEquals(new Rejected("", ""), roundTrip(new Rejected("", "")));
  }

  @Test
  void profileSnapshotRoundTrips() {
    UserProfile rich = richProfile();
    assertEquals(5, rich.totalEvents());
    assertTrue(rich.itemAffinities().size() > 2);
    assertTrue(rich.categoryAffinities().size() == 2);
    assertTrue(rich.recentHistory().stream().anyMatch(h -> h.category() == null));

    assertEquals(new ProfileSnapshot(rich), roundTrip(new ProfileSnapshot(rich)));
    assertEquals(new ProfileSnapshot(singleEventProfile()), roundTrip(new ProfileSnapshot(singleEventProfile())));
    assertEquals(new ProfileSnapshot(UserProfile.empty("u1")), roundTrip(new ProfileSnapshot(UserProfile.empty("u1"))));
  }

  @Test
  void eventRecordedRoundTrips() {
    for (EventRecorded event : List.of(
        new EventRecorded(richEvent("e1"), "shoes"),
        new EventRecorded(bareEvent("e2"), null),
        new EventRecorded(new UserEvent("e3", "u1", "rating", "i", T0, -1.5, null, Map.of("a", "b")), "c"))) {
      EventRecorded back = roundTrip(event);
      assertEquals(event, back);
      assertEquals(event.event().contentFingerprint(), back.event().contentFingerprint());
    }
  }

  @Test
  void stateRoundTripsWithProfileAndDedupWindow() {
    RecentEventIds recent = RecentEventIds.withCapacity(3);
    for (int i = 1; i <= 5; i++) { // wrapped: holds e3, e4, e5
      recent = recent.plus("e" + i, richEvent("e" + i).contentFingerprint());
    }
    List<String> ids = List.of("e1", "e2", "e3", "e4", "e5", "e6");
    for (State state : List.of(
        new State(richProfile(), recent),
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

  @Test
  void javaSerializationIsOff() {
    // (pekko logs two expected WARN lines here: the attempt to use Java serialization)
    assertFalse(ConfigFactory.load().getBoolean("pekko.actor.allow-java-serialization"));
    assertFalse(testKit.system().settings().config().getBoolean("pekko.actor.allow-java-serialization"));
    assertTrue(serialization.serialize(new JavaOnly("x")).isFailure());
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
