package io.persona.tests.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.user.UserEntity;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.tests.support.Await;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code persona.users.journal-retention = after-snapshots} on real Cassandra: a user's events older
 * than the oldest kept snapshot leave the journal, and nothing the user's state holds is lost with
 * them: after a restart the profile counts every event, and an event redelivered after its journal
 * row was deleted is still recognised as a duplicate.
 */
@ExtendWith(SharedCassandra.class)
class JournalRetentionTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int BATCHES = 6;
  private static final int PER_BATCH = 10;

  private final String keyspace = "persona_retention_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final Config config = ConfigFactory.parseString("""
      persona.cassandra.keyspace = "%s"
      persona.users { journal-retention = after-snapshots, snapshot-every = 10, keep-snapshots = 2 }
      """.formatted(keyspace));
  private PersonaNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    try (CqlSession session = CassandraSessions.connect(SharedCassandra.settings())) {
      SharedCassandra.dropKeyspace(session, keyspace);
    }
  }

  @Test
  void eventsOlderThanTheKeptSnapshotsLeaveTheJournalAndTheStateKeepsEverything() {
    node = TestNodes.start(config);
    HttpJson http = new HttpJson(node.httpPort());
    assertEquals(200, http.postJson("/v1/items", "[{\"itemId\":\"kept-a\",\"category\":\"c\"},"
        + "{\"itemId\":\"kept-b\",\"category\":\"c\"}]").status());
    String user = "retained-" + UUID.randomUUID();
    Instant start = Instant.now().minus(Duration.ofHours(1));
    for (int b = 0; b < BATCHES; b++) {
      ArrayNode events = MAPPER.createArrayNode();
      for (int i = 0; i < PER_BATCH; i++) {
        int n = b * PER_BATCH + i;
        events.add(event(user, n, start.plusSeconds(n)));
      }
      HttpJson.Reply reply = http.postJson("/v1/events", events.toString());
      assertEquals(200, reply.status(), reply.raw().body());
    }

    int total = BATCHES * PER_BATCH;
    try (CqlSession session = CassandraSessions.connect(SharedCassandra.settings())) {
      List<Long> kept = Await.until("the journal to drop the events before the oldest kept snapshot",
          Duration.ofSeconds(30), Duration.ofMillis(500), () -> journalRows(session, user),
          rows -> !rows.isEmpty() && rows.size() <= total / 2, () -> "");
      assertEquals(total, kept.get(kept.size() - 1), "the newest event stays");
      assertTrue(kept.get(0) > 1, "the oldest events are gone: the journal starts at " + kept.get(0));
    }

    node.close();
    node = TestNodes.start(config);
    HttpJson restarted = new HttpJson(node.httpPort());
    JsonNode profile = Await.until("the profile after the restart", Duration.ofSeconds(60), Duration.ofMillis(500),
        () -> restarted.get("/v1/users/" + user), reply -> reply.status() == 200, () -> "").json();
    assertEquals(total, profile.get("totalEvents").asInt(), profile.toString());
    assertEquals(total, profile.get("eventCounts").get("view").asInt(), profile.toString());

    // the first event's journal row is gone, and the redelivery window (in the snapshot) still knows it
    JsonNode again = restarted.postJson("/v1/events", MAPPER.createArrayNode().add(event(user, 0, start)).toString())
        .json();
    assertEquals("duplicate", again.get("results").get(0).get("status").asText(), again.toString());
  }

  private static JsonNode event(String user, int n, Instant at) {
    return MAPPER.createObjectNode().put("eventId", "r-" + n).put("userId", user).put("type", "view")
        .put("itemId", n % 2 == 0 ? "kept-a" : "kept-b").put("timestamp", at.toString());
  }

  private List<Long> journalRows(CqlSession session, String user) {
    List<Long> sequenceNumbers = new ArrayList<>();
    for (Row row : session.execute(SimpleStatement.newInstance("SELECT sequence_nr FROM " + keyspace
        + ".messages WHERE persistence_id = ? AND partition_nr = 0", UserEntity.persistenceId(user).id()))) {
      sequenceNumbers.add(row.getLong(0));
    }
    return sequenceNumbers;
  }
}
