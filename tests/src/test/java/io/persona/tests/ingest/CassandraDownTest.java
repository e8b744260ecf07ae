package io.persona.tests.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.user.UserEntity;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TcpProxy;
import io.persona.tests.support.TestNodes;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Cassandra goes away under a running node (a TCP proxy between the node and Cassandra is cut)
 * and comes back. While it is away, ingest answers 503 with a Retry-After and readiness is 503;
 * once it is back, resending the same batch is answered 200 (accepted or duplicate per event),
 * and the journal holds each event exactly once: nothing lost, nothing doubled.
 */
@ExtendWith(SharedCassandra.class)
class CassandraDownTest {
  private static final Logger log = LoggerFactory.getLogger(CassandraDownTest.class);
  private static final Duration OUTAGE = Duration.ofSeconds(15);
  /** The driver reconnects within 5 s and the breakers probe every 2 s (persona-node.conf). */
  private static final Duration RECOVERY = Duration.ofSeconds(20);

  private final String user = "outage-" + UUID.randomUUID();
  private final String knownItem = "it-outage-" + UUID.randomUUID();

  private String event(int n, String item) {
    Instant at = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).plusSeconds(n);
    return """
        {"eventId":"%s-%d","userId":"%s","type":"view","itemId":"%s","timestamp":"%s"}"""
        .formatted(user, n, user, item, at);
  }

  @Test
  void anOutageIsAnswered503AndTheRetriedBatchIsRecordedExactlyOnce() {
    CassandraSettings direct = SharedCassandra.settings();
    int cassandraPort = direct.contactPoints().get(0).getPort();

    try (TcpProxy proxy = new TcpProxy(cassandraPort);
         PersonaNode node = TestNodes.start(ConfigFactory.parseString(
             "persona.cassandra.contact-points = \"127.0.0.1:" + proxy.port() + "\""));
         CqlSession session = CassandraSessions.connect(direct)) {
      HttpJson http = new HttpJson(node.httpPort());

      // ---- before: everything goes through the proxy and works
      assertEquals(200, http.postJson("/v1/items",
          "[{\"itemId\":\"" + knownItem + "\",\"category\":\"outage\"}]").status());
      String before = "[" + event(1, knownItem) + "," + event(2, knownItem) + "," + event(3, knownItem) + "]";
      HttpJson.Reply first = http.postJson("/v1/events", before);
      assertEquals(200, first.status(), first.raw().body());
      assertEquals(3, first.json().get("accepted").asInt(), first.raw().body());
      assertEquals(200, http.get("/health/ready").status());
      assertTrue(proxy.acceptedConnections() > 0,
          "the node's driver sessions should connect through the proxy at " + proxy.port());
      log.info("Before the cut: {} connections through the proxy, {} sockets live",
          proxy.acceptedConnections(), proxy.liveSockets());

      // ---- Cassandra goes away
      proxy.cut();
      Instant cutAt = Instant.now();
      HttpJson.Reply notReady = await("GET /health/ready to turn 503 while cut", Duration.ofSeconds(20),
          () -> http.get("/health/ready"), r -> r.status() == 503);
      assertEquals("not-ready", notReady.json().get("status").asText(), notReady.raw().body());

      // one event of a cached (known) item, one of an item the catalog would have to be asked about
      String batch = "[" + event(4, knownItem) + "," + event(5, knownItem) + ","
          + event(6, "it-unknown-" + UUID.randomUUID()) + "]";
      HttpJson.Reply down = http.postJson("/v1/events", batch);
      if (down.status() == 200) {
        fail("A batch posted while the proxy was cut was answered 200: the node's driver does not go through "
            + "the proxy (it may have learned Cassandra's own address from system.local/peers). Proxy saw "
            + proxy.acceptedConnections() + " connections. Body: " + down.raw().body());
      }
      assertUnavailable(down);
      log.info("While cut: POST /v1/events answered {} after {} ms: {}", down.status(),
          Duration.between(cutAt, Instant.now()).toMillis(), down.raw().body());
      assertTrue(proxy.refusedConnections() > 0 || proxy.liveSockets() == 0,
          "the proxy stayed cut: " + proxy.liveSockets() + " live sockets");

      // ---- Cassandra comes back: the same batch is resent until it is answered 200
      // hold the outage long enough for the driver's reconnection backoff and the persistence
      // plugin's circuit breakers to open fully: recovery must not wait for their defaults
      sleep(OUTAGE.toMillis());
      proxy.restore();
      Instant restoredAt = Instant.now();
      int attempts = 0;
      HttpJson.Reply resent;
      while (true) {
        attempts++;
        resent = http.postJson("/v1/events", batch);
        if (resent.status() == 200) {
          break;
        }
        assertUnavailable(resent);
        log.info("After restore, attempt {} answered {}: {}", attempts, resent.status(), resent.raw().body());
        if (Duration.between(restoredAt, Instant.now()).compareTo(RECOVERY) > 0) {
          fail("the batch was not accepted within " + RECOVERY + " after Cassandra came back; last answer "
              + resent.status() + ": " + resent.raw().body());
        }
        sleep(500);
      }
      log.info("After restore: the batch was answered 200 after {} attempt(s), {} ms: {}", attempts,
          Duration.between(restoredAt, Instant.now()).toMillis(), resent.raw().body());
      JsonNode results = resent.json().get("results");
      assertEquals(3, results.size(), resent.raw().body());
      for (JsonNode result : results) {
        String status = result.get("status").asText();
        assertTrue(status.equals("accepted") || status.equals("duplicate"), resent.raw().body());
      }
      assertEquals(0, resent.json().get("rejected").asInt(), resent.raw().body());

      HttpJson.Reply ready = await("GET /health/ready to turn 200 after restore", RECOVERY,
          () -> http.get("/health/ready"), r -> r.status() == 200);
      assertEquals("ready", ready.json().get("status").asText());

      // resending everything once more changes nothing
      HttpJson.Reply again = http.postJson("/v1/events", before);
      assertEquals(200, again.status(), again.raw().body());
      assertEquals(3, again.json().get("duplicates").asInt(), again.raw().body());
      assertEquals(200, http.postJson("/v1/events", batch).status());

      // ---- nothing lost, nothing doubled: read the journal directly, not through the proxy
      Map<String, Integer> rowsPerEventId = journalEventIds(session, direct.keyspace(), node);
      Set<String> expected = new HashSet<>();
      for (int n = 1; n <= 6; n++) {
        expected.add(user + "-" + n);
      }
      assertEquals(expected, rowsPerEventId.keySet(), "event ids in the journal: " + rowsPerEventId);
      rowsPerEventId.forEach((id, rows) -> assertEquals(1, rows, "journal rows of event " + id));

      JsonNode profile = http.get("/v1/users/" + user).json();
      assertEquals(6, profile.get("totalEvents").asInt(), profile.toString());
    }
  }

  /** A 503 problem+json with a Retry-After and no stack trace. */
  private static void assertUnavailable(HttpJson.Reply reply) {
    String body = reply.raw().body();
    assertEquals(503, reply.status(), body);
    String retryAfter = reply.header("Retry-After");
    assertNotNull(retryAfter, "503 without Retry-After: " + body);
    assertTrue(Integer.parseInt(retryAfter.trim()) > 0, "Retry-After " + retryAfter);
    assertNotNull(reply.contentType());
    assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    JsonNode problem = reply.json();
    for (String field : List.of("type", "title", "detail")) {
      assertTrue(problem.hasNonNull(field) && !problem.get(field).asText().isBlank(), body);
    }
    assertEquals(503, problem.get("status").asInt(), body);
    assertFalse(body.contains("\tat ") || body.contains(".java:") || body.contains("\\tat "),
        "stack trace in the body: " + body);
  }

  /** Event id to the number of journal rows holding it, for this test's user. */
  private Map<String, Integer> journalEventIds(CqlSession session, String keyspace, PersonaNode node) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(node.system()));
    Map<String, Integer> rows = new HashMap<>();
    List<Long> sequenceNrs = new ArrayList<>();
    for (Row row : session.execute("SELECT sequence_nr, ser_id, ser_manifest, event FROM " + keyspace
        + ".messages WHERE persistence_id = ? AND partition_nr = 0", UserEntity.persistenceId(user).id())) {
      sequenceNrs.add(row.getLong("sequence_nr"));
      ByteBuffer buffer = row.getByteBuffer("event");
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      Object event = serialization.deserialize(bytes, row.getInt("ser_id"), row.getString("ser_manifest")).get();
      String eventId = ((UserEntity.EventRecorded) event).event().eventId();
      rows.merge(eventId, 1, Integer::sum);
    }
    assertEquals(sequenceNrs.size(), new HashSet<>(sequenceNrs).size(), "sequence numbers repeat: " + sequenceNrs);
    return rows;
  }

  private static HttpJson.Reply await(String what, Duration within, Supplier<HttpJson.Reply> call,
      java.util.function.Predicate<HttpJson.Reply> done) {
    Instant deadline = Instant.now().plus(within);
    Instant started = Instant.now();
    HttpJson.Reply last;
    while (true) {
      last = call.get();
      assertTrue(last.status() == 200 || last.status() == 503, what + ": " + last.status() + " " + last.raw().body());
      if (done.test(last)) {
        log.info("{}: after {} ms", what, Duration.between(started, Instant.now()).toMillis());
        return last;
      }
      if (Instant.now().isAfter(deadline)) {
        fail("waited " + within + " for " + what + "; last answer " + last.status() + ": " + last.raw().body());
      }
      sleep(500);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
