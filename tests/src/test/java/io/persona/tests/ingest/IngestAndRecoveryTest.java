package io.persona.tests.ingest;

import io.persona.actors.user.UserEntity;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

/**
 * Events posted over HTTP are persisted in the real Cassandra journal: a second node, started
 * after the first one stopped, recovers the same profile from Cassandra alone.
 */
@ExtendWith(SharedCassandra.class)
class IngestAndRecoveryTest {
  private final String user = "user-" + UUID.randomUUID();

  private String event(String id, String type, String item, String timestamp) {
    return """
        {"eventId":"%s","userId":"%s","type":"%s","itemId":"%s","timestamp":"%s"}"""
        .formatted(id, user, type, item, timestamp);
  }

  @Test
  void aProfileIsRecoveredFromCassandraByANewNode() {
    JsonNode before;
    try (PersonaNode first = TestNodes.start()) {
      HttpJson http = new HttpJson(first.httpPort());
      assertEquals(200, http.postJson("/v1/items",
          "[{\"itemId\":\"it-shoe\",\"category\":\"shoes\"},{\"itemId\":\"it-hat\",\"category\":\"hats\"}]").status());
      HttpJson.Reply posted = http.postJson("/v1/events", "[" + String.join(",",
          event(user + "-1", "view", "it-shoe", "2026-01-01T10:00:00Z"),
          event(user + "-2", "click", "it-shoe", "2026-01-01T10:01:00Z"),
          event(user + "-3", "purchase", "it-hat", "2026-01-01T10:02:00Z")) + "]");
      assertEquals(200, posted.status(), posted.raw().body());
      assertEquals(3, posted.json().get("accepted").asInt());

      before = http.get("/v1/users/" + user).json();
      assertEquals(3, before.get("totalEvents").asInt());
      assertEquals("hats", before.get("topCategories").get(0).get("key").asText());
    }

    try (PersonaNode second = TestNodes.start()) {
      HttpJson http = new HttpJson(second.httpPort());
      JsonNode after = http.get("/v1/users/" + user).json();
      assertEquals(before.get("totalEvents"), after.get("totalEvents"));
      assertEquals(before.get("eventCounts"), after.get("eventCounts"));
      assertEquals(before.get("recentHistory"), after.get("recentHistory"));
      assertEquals(before.get("topItems").get(0).get("key"), after.get("topItems").get(0).get("key"));

      // the recovered entity still knows the ids it persisted
      HttpJson.Reply again = http.postJson("/v1/events", "[" + event(user + "-2", "click", "it-shoe",
          "2026-01-01T10:01:00Z") + "]");
      assertEquals("duplicate", again.json().get("results").get(0).get("status").asText());
    }

    try (CqlSession session = CassandraSessions.connect(SharedCassandra.settings())) {
      long rows = session.execute("SELECT count(*) FROM persona_it.messages WHERE persistence_id = ? AND partition_nr = 0",
          UserEntity.persistenceId(user).id()).one().getLong(0);
      assertEquals(3, rows, "exactly the three accepted events are in the journal");
    }
  }
}
