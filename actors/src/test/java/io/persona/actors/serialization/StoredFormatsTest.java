package io.persona.actors.serialization;

import static io.persona.actors.serialization.StoredFormatsV1Test.assertSameStored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.persona.actors.user.RecentEventIds;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.ProfileSnapshot;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.profile.UserProfile;
import java.io.NotSerializableException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Today's stored format (version 2) through pekko's serialization extension: the manifest that
 * names it, its bytes pinned, round trips, and what is refused. A pinned test failing means the
 * bytes every journal and snapshot gets have changed: make that a new format version on purpose
 * (see StoredFormat), never an edit of these constants.
 */
class StoredFormatsTest {
  private static final int SERIALIZER_ID = 7301;

  /**
   * {@code StoredSamples.viewRecorded()}: id 206, version 2, two fields; field 1 the UserEvent
   * (id 100, version 2, eight fields in tag order), field 2 a null category.
   */
  private static final String VIEW_RECORDED_V2 =
      "d0010202013066020801030365b202030375b1030503766965f70407036974656d2db205071ec08687af060006010007"
      + "010008021a01020100";

  /** {@code StoredSamples.purchaseRecorded()}: a value, a one-entry context (Map1) and a category. */
  private static final String PURCHASE_RECORDED_V2 =
      "d0010202014266020801030365b302030375b103090370757263686173e50407036974656d2db305071ed0a287af0600"
      + "06090a3d0ad7a370fd33c007010008081b0203826b038276020503686174f3";

  /** {@link #smallState()}: a one-event profile (List12, Map1) and a ring of capacity 2. */
  private static final String SMALL_STATE_V2_BEFORE_INTERACTED_ITEMS =
      "d101020201950167020701030375b1022b19826802040107036974656d2db1020703726174696ee703060373686f65f3"
      + "040a1ec08687af06959aef3a030b1b0203726174696ee7090204201b02036974656d2db169020201090a000000000000"
      + "0440020709f6c9959ebf63051f1b020373686f65f369020201090a0000000000000440020709f6c9959ebf63060a1ec0"
      + "8687af06959aef3a070209020221d20102040105220365b180020c230391a686cfef9becf9d2000302020204020202";
  /** The same state written before the ring's format version 3: its ids as strings (field 1). */
  private static final String SMALL_STATE_V2_RING_OF_STRINGS =
      "d101020201a70167020801030375b1022b19826802040107036974656d2db1020703726174696ee703060373686f65f3"
      + "040a1ec08687af06959aef3a030b1b0203726174696ee7090204201b02036974656d2db169020201090a000000000000"
      + "0440020709f6c9959ebf63051f1b020373686f65f369020201090a0000000000000440020709f6c9959ebf63060a1ec0"
      + "8687af06959aef3a0702090208106b0201010b2302c6f59ee1dfb5b3e65a0221d20102040105220365b180020c2303"
      + "91a686cfef9becf9d2000302020204020202";

  /** {@link #smallState()} today: the ring (id 208) at version 3, its ids as 64-bit hashes (field 5). */
  private static final String SMALL_STATE_V2 =
      "d101020201a70167020801030375b1022b19826802040107036974656d2db1020703726174696ee703060373686f65f3"
      + "040a1ec08687af06959aef3a030b1b0203726174696ee7090204201b02036974656d2db169020201090a000000000000"
      + "0440020709f6c9959ebf63051f1b020373686f65f369020201090a0000000000000440020709f6c9959ebf63060a1ec0"
      + "8687af06959aef3a0702090208106b0201010b2302c6f59ee1dfb5b3e65a0228d2010304020c230391a686cfef9bec"
      + "f9d2000302020204020202050c2303afa094ded7d5c89b3f00";

  /**
   * A message holding a persisted class keeps Kryo's plain layout: id 205, not-null, components by
   * name; the profile's compact history and affinities (ids 106, 107) each hold the plain collection.
   */
  private static final String EMPTY_PROFILE_SNAPSHOT =
      "cf01016d1a011a0101016d1a01006c18010075b1";

  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("StoredFormatsTest",
        ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  private static State smallState() {
    return new State(StoredSamples.singleEventState().profile(),
        RecentEventIds.withCapacity(2).plus("e1", -7_600_343_819_513_547_145L));
  }

  private static String manifestOf(Object value) {
    return Serializers.manifestFor(serialization.findSerializerFor(value), value);
  }

  private static String hex(Object value) {
    return HexFormat.of().formatHex(serialization.serialize(value).get());
  }

  private static Object read(String hex, String manifest) {
    return serialization.deserialize(HexFormat.of().parseHex(hex), SERIALIZER_ID, manifest).get();
  }

  // ---- the manifest ----

  @Test
  void theJournalEventAndTheSnapshotNameTheirRegistrationIdAndFormatVersion() {
    assertEquals("206.v2", manifestOf(StoredSamples.viewRecorded()));
    assertEquals("207.v2", manifestOf(StoredSamples.emptyState()));
  }

  @Test
  void messagesHaveNoManifest() {
    WireSamples.messages(testKit.createTestProbe(Object.class).ref()).forEach((type, samples) -> {
      if (type != EventRecorded.class && type != State.class) {
        samples.forEach(sample -> assertEquals("", manifestOf(sample), type.getName()));
      }
    });
  }

  // ---- the bytes, pinned ----

  @Test
  void journalEventsAreWrittenInVersion2AndThoseBytesRead() {
    assertEquals(VIEW_RECORDED_V2, hex(StoredSamples.viewRecorded()));
    assertEquals(PURCHASE_RECORDED_V2, hex(StoredSamples.purchaseRecorded()));
    assertEquals(StoredSamples.viewRecorded(), read(VIEW_RECORDED_V2, "206.v2"));
    assertEquals(StoredSamples.purchaseRecorded(), read(PURCHASE_RECORDED_V2, "206.v2"));
  }

  /** The snapshot's own format is version 2 (its manifest); the ring inside it carries its own version, 3. */
  @Test
  void snapshotsAreWrittenInVersion2AndThoseBytesRead() {
    assertEquals(SMALL_STATE_V2, hex(smallState()));
    assertSameStored(smallState(), read(SMALL_STATE_V2, "207.v2"), "state");
  }

  @Test
  void aSnapshotWhoseRingHeldItsIdsAsStringsReadsAsTheSameWindow() {
    assertSameStored(smallState(), read(SMALL_STATE_V2_RING_OF_STRINGS, "207.v2"), "state");
  }

  @Test
  void aSnapshotKeepsInteractedItemsThatTheAffinitiesAndTheHistoryNoLongerHold() {
    UserProfile p = smallState().profile();
    UserProfile withGone = new UserProfile(p.userId(), p.recentHistory(), p.eventCounts(), p.itemAffinities(),
        p.categoryAffinities(), p.lastActivity(), p.totalEvents(), p.interactedItems().with("long-gone"));
    State state = new State(withGone, smallState().recentEventIds());
    State back = (State) read(hex(state), "207.v2");
    assertTrue(back.profile().hasInteractedWith("long-gone"), back.profile().toString());
    assertEquals(withGone, back.profile());
  }

  @Test
  void aSnapshotStoredBeforeTheProfileKeptItsInteractedItemsReadsWithThoseOfItsAffinitiesAndHistory() {
    State stored = (State) read(SMALL_STATE_V2_BEFORE_INTERACTED_ITEMS, "207.v2");
    assertSameStored(smallState(), stored, "state");
    assertTrue(stored.profile().hasInteractedWith("item-1"), stored.profile().toString());
  }

  @Test
  void aMessageHoldingAPersistedClassKeepsThePlainLayout() {
    ProfileSnapshot snapshot = new ProfileSnapshot(UserProfile.empty("u1"));
    assertEquals(EMPTY_PROFILE_SNAPSHOT, hex(snapshot));
    assertEquals(snapshot, read(EMPTY_PROFILE_SNAPSHOT, ""));
  }

  // ---- round trips ----

  @Test
  void everyStoredSampleComesBackTheSame() {
    Map<Class<?>, List<?>> wire = WireSamples.messages(testKit.createTestProbe(Object.class).ref());
    List<Object> samples = new java.util.ArrayList<>(StoredSamples.byFileName().values());
    samples.addAll(wire.get(EventRecorded.class));
    samples.addAll(wire.get(State.class));
    for (Object sample : samples) {
      Object back = read(hex(sample), manifestOf(sample));
      assertSameStored(sample, back, sample.toString());
    }
  }

  // ---- what is refused ----

  private static Throwable refusal(String hex, String manifest) {
    var result = serialization.deserialize(HexFormat.of().parseHex(hex), SERIALIZER_ID, manifest);
    assertTrue(result.isFailure(), manifest);
    return result.failed().get();
  }

  @Test
  void aVersionWrittenByANewerPersonaIsRefusedByName() {
    Throwable refused = refusal(VIEW_RECORDED_V2, "206.v3");
    assertInstanceOf(NotSerializableException.class, refused);
    assertTrue(refused.getMessage().contains("format version 3 by a newer Persona"), refused.getMessage());
    assertTrue(refused.getMessage().contains(EventRecorded.class.getName()), refused.getMessage());
  }

  @Test
  void aManifestThisSerializerNeverWritesIsRefused() {
    for (String manifest : List.of("x", "206", "206.v", "v2", "999.v2", "205.v2")) {
      assertInstanceOf(NotSerializableException.class, refusal(VIEW_RECORDED_V2, manifest), manifest);
    }
  }

  @Test
  void bytesOfAnotherClassThanTheManifestNamesAreRefused() {
    Throwable refused = refusal(VIEW_RECORDED_V2, "207.v2");
    assertTrue(refused.getMessage().contains("the bytes hold a " + EventRecorded.class.getName()), refused.getMessage());
  }
}
