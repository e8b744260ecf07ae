package io.persona.tests.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import io.persona.persistence.learning.StreamOffset;
import io.persona.persistence.learning.StreamOffsetRepository;
import io.persona.tests.support.SharedCassandra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stream offsets on the real Cassandra node: they survive a reload, exact, and the last save wins. */
@ExtendWith(SharedCassandra.class)
class StreamOffsetRepositoryTest {
  private static CqlSession session;
  private static String keyspace;

  @BeforeAll
  static void connect() {
    keyspace = SharedCassandra.settings().keyspace();
    session = SharedCassandra.migratedSession();
  }

  @AfterAll
  static void disconnect() {
    session.close();
  }

  @Test
  void aStreamWithoutASavedOffsetHasNone() {
    assertEquals(Optional.empty(), new StreamOffsetRepository(session, keyspace).load("never-saved-" + UUID.randomUUID()));
  }

  @Test
  void aSavedOffsetSurvivesAReloadExactlyAndTheLastSaveWins() {
    String stream = "outcome-join-" + UUID.randomUUID();
    StreamOffset first = new StreamOffset(stream, Instant.parse("2026-11-03T10:15:30.123456789Z"),
        Map.of("joined", 12_345L, "late", 0L, "huge", Long.MAX_VALUE), Instant.now());
    new StreamOffsetRepository(session, keyspace).save(first);

    // a fresh repository, as after a restart
    StreamOffset loaded = new StreamOffsetRepository(session, keyspace).load(stream).orElseThrow();
    assertEquals(first, loaded);
    assertEquals(123_456_789, loaded.offset().getNano(), "the offset to the nanosecond");

    StreamOffset second = new StreamOffset(stream, first.offset().plusNanos(1), Map.of(), Instant.now());
    new StreamOffsetRepository(session, keyspace).save(second);
    assertEquals(second, new StreamOffsetRepository(session, keyspace).load(stream).orElseThrow());
  }

  @Test
  void updatedAtIsKeptToTheMillisecond() {
    Instant at = Instant.parse("2026-11-03T10:15:30.123456789Z");
    assertEquals(at.truncatedTo(ChronoUnit.MILLIS), new StreamOffset("s", at, null, at).updatedAt());
    assertEquals(Map.of(), new StreamOffset("s", at, null, at).counters());
  }
}
