package io.persona.tests.serialization;

import io.persona.actors.serialization.StoredSamples;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.node.NodeConfig;
import io.persona.actors.user.UserEntity;
import io.persona.actors.user.UserEntity.GetProfile;
import io.persona.actors.user.UserEntity.ProfileSnapshot;
import io.persona.actors.user.UserEntity.RecordEvent;
import io.persona.actors.user.UserEntity.RecordResult;
import io.persona.actors.user.UserEntitySettings;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.UserProfile;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.schema.SchemaMigrations;
import io.persona.tests.support.SharedCassandra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upgrade loses no user: a journal and a snapshot written before stored formats had versions
 * (the checked-in bytes of actors' formats/v1, placed in Cassandra as pekko's Cassandra plugin
 * wrote them: serializer 7301, empty manifest) recover a real user entity to the profile they
 * held; what it persists afterwards is today's format, and a journal mixing both recovers again.
 */
class Version1JournalRecoveryTest {
  private static final String KEYSPACE = "persona_formats_it";
  private static final String PERSISTENCE_ID = "User|u1";
  private static final Instant T0 = StoredSamples.T0;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static Config config;
  private static CqlSession session;

  @BeforeAll
  static void startCassandra() {
    SharedCassandra.ensureStarted();
    config = NodeConfig.withCassandra(ConfigFactory.parseString("""
        persona.cassandra.keyspace = %s
        persona.users.snapshot-every = 2
        persona.users.keep-snapshots = 10
        pekko.actor.provider = local
        """.formatted(KEYSPACE)).withFallback(SharedCassandra.testConfig())).resolve();
    CassandraSettings cassandra = CassandraSettings.fromConfig(config);
    session = CassandraSessions.connect(cassandra);
    SchemaMigrations.apply(session, KEYSPACE, cassandra.replication());
  }

  @AfterAll
  static void closeSession() {
    session.close();
  }

  /** The checked-in version-1 bytes, read where they are kept (actors' test resources). */
  private static byte[] v1Bytes(String fileName) {
    try {
      // tests run in tests/ (surefire's working directory), beside actors/
      return Files.readAllBytes(Path.of("").toAbsolutePath()
          .resolveSibling("actors/src/test/resources/formats/v1").resolve(fileName));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of pekko-persistence-cassandra 1.1's journal and snapshot store, as it writes them. */
  private static void placeVersion1Rows() {
    session.execute("DELETE FROM " + KEYSPACE + ".messages WHERE persistence_id = ? AND partition_nr = 0", PERSISTENCE_ID);
    session.execute("DELETE FROM " + KEYSPACE + ".snapshots WHERE persistence_id = ?", PERSISTENCE_ID);
    session.execute("INSERT INTO " + KEYSPACE + ".snapshots (persistence_id, sequence_nr, timestamp, ser_id, "
            + "ser_manifest, snapshot_data) VALUES (?, 5, ?, 7301, '', ?)",
        PERSISTENCE_ID, T0.toEpochMilli(), ByteBuffer.wrap(v1Bytes("state-rich.bin")));
    long sequenceNr = 6;
    for (String event : List.of("event-recorded-rating.bin", "event-recorded-view.bin", "event-recorded-purchase.bin")) {
      session.execute("INSERT INTO " + KEYSPACE + ".messages (persistence_id, partition_nr, sequence_nr, timestamp, "
              + "timebucket, writer_uuid, ser_id, ser_manifest, event_manifest, event, tags) "
              + "VALUES (?, 0, ?, ?, '20240301T12', 'written-before-versions', 7301, '', '', ?, {})",
          PERSISTENCE_ID, sequenceNr++, Uuids.timeBased(), ByteBuffer.wrap(v1Bytes(event)));
    }
  }

  /** {@code event} applied to {@code profile} as the entity's event handler applies it. */
  private static UserProfile applied(UserProfile profile, UserEvent event, String category) {
    return profile.apply(event, category, UserEntitySettings.fromConfig(config).profileSettings());
  }

  /** formats/v1's state-rich.bin profile (actors' StoredSamples.richState), then its three events replayed. */
  private static UserProfile expectedProfile() {
    UserProfile snapshot = StoredSamples.richState().profile();
    UserProfile afterRating = applied(snapshot, rating(), "shoes");
    UserProfile afterView = applied(afterRating, new UserEvent("e2", "u1", "view", "item-2", T0, null, null, Map.of()), null);
    return applied(afterView,
        new UserEvent("e3", "u1", "purchase", "item-3", T0.plusSeconds(3600), -19.99, null, Map.of("k", "v")), "hats");
  }

  private static UserEvent rating() {
    return new UserEvent("e1", "u1", "rating", "item-1", T0.plusNanos(123_456_789), 4.5, "req-42",
        Map.of("device", "mobile", "page", "pdp", "locale", "de-CH"));
  }

  private static UserEvent later(String eventId, int minutes) {
    return new UserEvent(eventId, "u1", "click", "item-9", T0.plusSeconds(7200 + 60L * minutes), null, null, Map.of());
  }

  /** Runs {@code body} against the user entity of a fresh actor system: every run recovers from Cassandra. */
  private static void withEntity(java.util.function.BiConsumer<ActorTestKit, ActorRef<UserEntity.Command>> body) {
    ActorTestKit testKit = ActorTestKit.create("Version1JournalRecoveryTest", config);
    try {
      body.accept(testKit, testKit.spawn(UserEntity.create("u1", UserEntitySettings.fromConfig(config))));
    } finally {
      testKit.shutdownTestKit();
    }
  }

  private static UserProfile profileOf(ActorTestKit testKit, ActorRef<UserEntity.Command> entity) {
    TestProbe<ProfileSnapshot> probe = testKit.createTestProbe(ProfileSnapshot.class);
    entity.tell(new GetProfile(probe.ref()));
    return probe.expectMessageClass(ProfileSnapshot.class, WAIT).profile();
  }

  private static RecordResult record(ActorTestKit testKit, ActorRef<UserEntity.Command> entity, UserEvent event) {
    TestProbe<RecordResult> probe = testKit.createTestProbe(RecordResult.class);
    entity.tell(new RecordEvent(event, "tools", probe.ref()));
    return probe.expectMessageClass(RecordResult.class, WAIT);
  }

  private static Map<Long, String> manifests(String table) {
    Map<Long, String> bySequenceNr = new TreeMap<>();
    String partition = table.equals("messages") ? " AND partition_nr = 0" : "";
    for (Row row : session.execute("SELECT sequence_nr, ser_manifest FROM " + KEYSPACE + "." + table
        + " WHERE persistence_id = ?" + partition, PERSISTENCE_ID)) {
      bySequenceNr.put(row.getLong("sequence_nr"), row.getString("ser_manifest"));
    }
    return bySequenceNr;
  }

  @Test
  void aVersion1JournalAndSnapshotRecoverTheUserAndLaterWritesAreTodaysFormat() {
    placeVersion1Rows();
    UserProfile recovered = expectedProfile();

    withEntity((testKit, entity) -> {
      assertEquals(recovered, profileOf(testKit, entity), "recovered from the version-1 snapshot and journal");
      // the dedup ring came through too: a redelivery of a version-1 event is recognised
      assertEquals(new UserEntity.Duplicate("e1"), record(testKit, entity, rating()));
      assertEquals(new UserEntity.Accepted("e9"), record(testKit, entity, later("e9", 1)));
      assertEquals(new UserEntity.Accepted("e10"), record(testKit, entity, later("e10", 2)));
    });

    assertEquals(Map.of(6L, "", 7L, "", 8L, "", 9L, "206.v2", 10L, "206.v2"), manifests("messages"));
    assertEquals("207.v2", manifests("snapshots").get(10L), "snapshot-every = 2: a snapshot at 10, today's format");
    assertEquals("", manifests("snapshots").get(5L));

    UserProfile afterwards = applied(applied(recovered, later("e9", 1), "tools"), later("e10", 2), "tools");
    withEntity((testKit, entity) -> assertEquals(afterwards, profileOf(testKit, entity), "recovered from today's snapshot"));

    // and from the mixed journal alone, without today's snapshot
    session.execute("DELETE FROM " + KEYSPACE + ".snapshots WHERE persistence_id = ? AND sequence_nr = 10", PERSISTENCE_ID);
    withEntity((testKit, entity) -> assertEquals(afterwards, profileOf(testKit, entity),
        "recovered from the version-1 snapshot, version-1 events and today's events"));
  }
}
