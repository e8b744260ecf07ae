package io.persona.tests.privacy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deletion on request, on a real node over Cassandra, in a keyspace of its own: after
 * {@code DELETE /v1/users/{id}} no table holds the user's id (every column of every row of the
 * keyspace is searched, blobs included), a restarted node does not bring the user back, other
 * users keep their data and their recommendations, and a deletion left half-way (its row still in
 * {@code user_deletions}) is finished by the node.
 */
class UserDeletionTest {
  private static final String KEYSPACE = "persona_deletion_it";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /**
   * Learning on, so that outcomes and interactions are logged and the join writes training
   * examples (its window shortened so that it does before the deletion); the deletion's intervals
   * shortened to seconds.
   */
  private static final Config OWN_KEYSPACE = ConfigFactory.parseString("persona.cassandra.keyspace = \"" + KEYSPACE
      + "\"\npersona.learning.enabled = true\npersona.deletions.second-sweep-after = 5s\n"
      + "persona.deletions.resume-interval = 5s\npersona.deletions.stale-after = 20s\n"
      + "persona.learning.attribution.window = 5s\npersona.learning.join.lateness = 2s\n"
      // a sweep reads every partition within the logs' TTL: 3 hours here, not 30 days
      + "persona.prediction-log.ttl = 2h\npersona.learning.store.ttl = 2h");
  private static PersonaNode node;
  private static CqlSession session;

  @BeforeAll
  static void start() {
    node = TestNodes.start(OWN_KEYSPACE);
    session = CassandraSessions.connect(SharedCassandra.settings());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (session != null) {
      SharedCassandra.dropKeyspace(session, KEYSPACE);
      session.close();
    }
  }

  @Test
  void afterADeletionNoTableHoldsTheUserAndARestartDoesNotBringItBack() throws Exception {
    // ids longer than 32 characters: Kryo writes shorter ASCII strings with a marked last byte,
    // which a search of the raw blobs would miss
    String suffix = UUID.randomUUID().toString();
    String gone = "deleted-user-" + suffix;
    String kept = "kept-user-" + suffix;
    HttpJson http = new HttpJson(node.httpPort());
    assertEquals(200, http.postJson("/v1/items", "[{\"itemId\":\"del-a-" + suffix + "\",\"category\":\"c1\"},"
        + "{\"itemId\":\"del-b-" + suffix + "\",\"category\":\"c2\"}]").status());
    for (String user : List.of(gone, kept)) {
      record(http, user, "e1", "view", "del-a-" + suffix, null);
      JsonNode list = http.get("/v1/users/" + user + "/recommendations?k=5").json();
      // an answer to the served list: an outcome row, joined later into training examples
      record(http, user, "e2", "click", "del-b-" + suffix, list.get("requestId").asText());
    }
    // past persona.users.snapshot-every (100) events: the user's state is in a snapshot too
    var many = MAPPER.createArrayNode();
    for (int i = 0; i < 120; i++) {
      many.addObject().put("eventId", "bulk-" + i).put("userId", gone).put("type", "view")
          .put("itemId", "del-a-" + suffix).put("timestamp", java.time.Instant.now().toString());
    }
    assertEquals(200, http.postJson("/v1/events", many.toString()).status());
    // the served lists reach the prediction log asynchronously: wait, or one could land after the sweep
    assertTrue(within(Duration.ofSeconds(60), () -> tablesNaming(gone).containsAll(List.of("training_examples",
            "snapshots"))),
        "the served list was logged, answered and joined into training examples, and a snapshot taken");
    List<String> before = tablesNaming(gone);
    System.out.println("tables naming the user before the deletion: " + before);
    assertTrue(before.containsAll(List.of("messages", "snapshots", "interaction_log", "prediction_log",
        "outcome_log", "training_examples")), "the user is in these tables before: " + before);

    HttpJson.Reply accepted = http.delete("/v1/users/" + gone);
    assertEquals(202, accepted.status(), accepted.raw().body());
    assertEquals("deleting", accepted.json().get("status").asText());
    assertTrue(within(Duration.ofSeconds(60), () -> !pendingNames(gone)), "the deletion finished");
    Thread.sleep(3000); // nothing comes back later (a join tick, a slate-log flush)
    assertEquals(List.of(), tablesNaming(gone), "no table holds the deleted user's id");
    assertEquals(404, http.get("/v1/users/" + gone).status());
    assertEquals(200, http.get("/v1/users/" + kept).status(), "another user keeps their profile");
    assertEquals(200, http.get("/v1/users/" + kept + "/recommendations").status());
    assertTrue(tablesNaming(kept).contains("messages"), "another user keeps their journal");
    assertEquals(202, http.delete("/v1/users/" + gone).status(), "a repeated deletion is harmless");
    assertTrue(within(Duration.ofSeconds(60), () -> !pendingNames(gone)));
    assertEquals(List.of(), tablesNaming(gone));

    node.close();
    node = TestNodes.start(OWN_KEYSPACE);
    http = new HttpJson(node.httpPort());
    assertEquals(404, http.get("/v1/users/" + gone).status(), "a restart does not bring the user back");
    assertEquals(200, http.get("/v1/users/" + kept).status());
    // a user deleted comes back only with new events, from an empty journal
    record(http, gone, "e3", "view", "del-a-" + suffix, null);
    assertEquals(1, http.get("/v1/users/" + gone).json().get("totalEvents").asInt());
  }

  @Test
  void deletionsLeftHalfWayByAStoppedNodeAreFinished() throws Exception {
    String before = "half-deleted-before-first-pass-" + UUID.randomUUID();
    String between = "half-deleted-between-sweeps-" + UUID.randomUUID();
    HttpJson http = new HttpJson(node.httpPort());
    record(http, before, "e1", "view", "some-item", null);
    assertEquals(200, http.get("/v1/users/" + before).status());
    Instant longAgo = Instant.now().minus(Duration.ofMinutes(5));
    // as if a node recorded a request and stopped before its first pass, and another between its sweeps
    session.execute(SimpleStatement.newInstance("INSERT INTO " + KEYSPACE
        + ".user_deletions (user_id, requested_at) VALUES (?, ?)", before, longAgo));
    session.execute(SimpleStatement.newInstance("INSERT INTO " + KEYSPACE
        + ".user_deletions (user_id, requested_at, swept_at) VALUES (?, ?, ?)", between, longAgo, longAgo));
    // (found by the node's periodic resume: stale-after 20 s, resume-interval 5 s here)
    assertTrue(within(Duration.ofSeconds(90), () -> !pendingNames(before) && !pendingNames(between)),
        "the node finished both");
    assertEquals(404, http.get("/v1/users/" + before).status());
    assertFalse(tablesNaming(before).contains("messages"));
  }

  @Test
  void deletingNeedsItsScope() {
    HttpJson http = new HttpJson(node.httpPort());
    assertEquals(401, http.anonymous().delete("/v1/users/someone").status());
    HttpJson.Reply created = http.asOperator().postJson("/v1/admin/keys",
        "{\"name\":\"reader\",\"scopes\":[\"profiles:read\"]}");
    assertEquals(403, http.withBearer(created.json().get("key").asText()).delete("/v1/users/someone").status());
  }

  private static void record(HttpJson http, String user, String eventId, String type, String item, String requestId) {
    var event = MAPPER.createObjectNode().put("eventId", user + "-" + eventId).put("userId", user).put("type", type)
        .put("itemId", item).put("timestamp", Instant.now().minusSeconds(2).toString());
    if (requestId != null) {
      event.put("requestId", requestId);
    }
    HttpJson.Reply reply = http.postJson("/v1/events", event.toString());
    assertEquals(200, reply.status(), reply.raw().body());
    assertEquals(1, reply.json().get("accepted").asInt(), reply.raw().body());
  }

  private static boolean pendingNames(String user) {
    return session.execute(SimpleStatement.newInstance("SELECT user_id FROM " + KEYSPACE
        + ".user_deletions WHERE user_id = ?", user)).one() != null;
  }

  /** Every table of the keyspace with a row in which some column (text, blob or collection) holds {@code text}. */
  private static List<String> tablesNaming(String text) {
    List<String> tables = new ArrayList<>();
    for (Row table : session.execute(SimpleStatement.newInstance(
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", KEYSPACE))) {
      String name = table.getString("table_name");
      search:
      for (Row row : session.execute("SELECT * FROM " + KEYSPACE + "." + name)) {
        for (int i = 0; i < row.getColumnDefinitions().size(); i++) {
          if (holds(row, i, text)) {
            tables.add(name);
            break search;
          }
        }
      }
    }
    return tables;
  }

  private static boolean holds(Row row, int column, String text) {
    Object value = row.getObject(column);
    if (value instanceof ByteBuffer bytes) {
      byte[] copy = new byte[bytes.remaining()];
      bytes.duplicate().get(copy);
      return new String(copy, StandardCharsets.ISO_8859_1).contains(text);
    }
    return value != null && value.toString().contains(text);
  }

  private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(250);
    }
    return condition.getAsBoolean();
  }
}
