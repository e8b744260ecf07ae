package io.persona.tests.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.user.UserEntity;
import io.persona.gateway.cli.ImportCommand;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history import end to end on real Cassandra: the bulk endpoints for CSV and NDJSON, bad
 * lines reported by their line number and skipped or refused per on-error, and the
 * {@code persona import} command stopped in the middle, its checkpoint behind what the node
 * recorded (a crash before the checkpoint advanced), and run again: exactly one journal row per
 * event. Learning is on (in a keyspace of this test's own) so that imported events reach the
 * interaction log; its jobs are too slow to start within the test.
 */
@ExtendWith(SharedCassandra.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportTest {
  private final String keyspace = "persona_import_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Instant base = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
  private PersonaNode node;
  private HttpJson http;
  private CqlSession session;

  @BeforeAll
  void startNode() {
    Config overrides = ConfigFactory.parseString("""
        persona.cassandra.keyspace = "%s"
        persona.learning {
          enabled = true
          trainer.interval = 1h
          embeddings.interval = 1h
        }
        """.formatted(keyspace));
    node = TestNodes.start(overrides);
    http = new HttpJson(node.httpPort());
    session = CassandraSessions.connect(SharedCassandra.settings());
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
    if (session != null) {
      SharedCassandra.dropKeyspace(session, keyspace);
      session.close();
    }
  }

  private long journalRows(String userId) {
    return session.execute("SELECT count(*) FROM " + keyspace + ".messages WHERE persistence_id = ? AND partition_nr = 0",
        UserEntity.persistenceId(userId).id()).one().getLong(0);
  }

  private long interactionRows(String userId) {
    return session.execute("SELECT count(*) FROM " + keyspace + ".interaction_log WHERE user_id = ?", userId)
        .one().getLong(0);
  }

  private String at(int minutes) {
    return base.plus(minutes, ChronoUnit.MINUTES).toString();
  }

  // ---- the endpoints ----

  @Test
  void csvAndNdjsonImportsReachTheJournalTheProfileAndTheInteractionLog() {
    String zoe = "Zoë, " + run; // free text, a comma inside: quoted in the CSV
    String max = "max-" + run;
    HttpJson.Reply items = http.post("/v1/import/items", "text/csv", """
        itemId,category,title,tags,created
        lamp-%1$s,Home & Garden,"Lamp, brass",light|brass,
        mug-%1$s,Kitchen,Mug,,2020-01-01T00:00:00Z
        """.formatted(run));
    assertEquals(200, items.status(), items.raw().body());
    assertEquals(2, items.json().get("upserted").asInt());
    assertEquals("Home & Garden", http.get("/v1/items/lamp-" + run).json().get("category").asText());

    // no eventId column: ids derived; the repeated row is a second purchase, not a duplicate
    String csv = """
        userId,type,itemId,timestamp,value
        "%1$s",view,lamp-%2$s,%3$s,
        "%1$s",purchase,lamp-%2$s,%4$s,2
        "%1$s",purchase,lamp-%2$s,%4$s,2
        "%1$s",view,mug-%2$s,1995-06-01T00:00:00Z,
        """.formatted(zoe, run, at(0), at(5));
    HttpJson.Reply imported = http.post("/v1/import/events", "text/csv", csv);
    assertEquals(200, imported.status(), imported.raw().body());
    assertEquals(4, imported.json().get("accepted").asInt());
    assertEquals(0, imported.json().get("duplicates").asInt());

    String ndjson = """
        {"eventId":"n1-%1$s","userId":"%2$s","type":"click","itemId":"mug-%1$s","timestamp":"%3$s"}

        {"eventId":"n2-%1$s","userId":"%2$s","type":"purchase","itemId":"mug-%1$s","timestamp":"%4$s"}
        {"eventId":"n3-%1$s","userId":"%5$s","type":"view","itemId":"lamp-%1$s","timestamp":"%3$s"}
        """.formatted(run, max, at(1), at(2), zoe);
    HttpJson.Reply second = http.post("/v1/import/events", "application/x-ndjson", ndjson);
    assertEquals(200, second.status(), second.raw().body());
    assertEquals(3, second.json().get("accepted").asInt());

    // the same files again: everything is a duplicate, nothing new in the journal
    HttpJson.Reply again = http.post("/v1/import/events", "text/csv", csv);
    assertEquals(4, again.json().get("duplicates").asInt(), again.raw().body());
    assertEquals(3, http.post("/v1/import/events", "application/x-ndjson", ndjson).json().get("duplicates").asInt());

    assertEquals(5, journalRows(zoe));
    assertEquals(2, journalRows(max));
    JsonNode profile = http.get("/v1/users/" + java.net.URLEncoder.encode(zoe, StandardCharsets.UTF_8)
        .replace("+", "%20")).json();
    assertEquals(5, profile.get("totalEvents").asInt(), profile.toString());
    assertEquals("Home & Garden", profile.get("topCategories").get(0).get("key").asText());
    // every event that teaches, the 1995 view too: an imported history is kept for a horizon
    // after it arrives (persona.learning.history.backfill-reach)
    assertEquals(5, interactionRows(zoe));
    assertEquals(2, interactionRows(max));
  }

  @Test
  void badLinesAreReportedByLineNumber_failRecordsNothing_skipRecordsTheGoodOnes() {
    String user = "bad-" + run;
    String csv = """
        eventId,userId,type,itemId,timestamp,value
        b1-%1$s,%2$s,view,i-1,%3$s,
        b2-%1$s,,view,i-1,%3$s,
        b3-%1$s,%2$s,view,i-2,%3$s,
        b4-%1$s,%2$s,view,i-3,yesterday,
        b5-%1$s,%2$s,view
        b6-%1$s,%2$s,rating,i-4,%3$s,lots
        b7-%1$s,%2$s,click,i-5,%3$s,
        """.formatted(run, user, at(10));

    HttpJson.Reply refused = http.post("/v1/import/events", "text/csv", csv);
    assertEquals(400, refused.status(), refused.raw().body());
    List<String> names = new ArrayList<>();
    refused.json().get("invalid-params").forEach(p -> names.add(p.get("name").asText()));
    assertEquals(List.of("line 3.userId", "line 5.timestamp", "line 6", "line 7.value"), names);
    assertEquals(0, journalRows(user), "on-error=fail records nothing");

    HttpJson.Reply skipped = http.post("/v1/import/events?on-error=skip", "text/csv", csv);
    assertEquals(200, skipped.status(), skipped.raw().body());
    assertEquals(3, skipped.json().get("accepted").asInt());
    assertEquals(4, skipped.json().get("skipped").asInt());
    List<Long> lines = new ArrayList<>();
    skipped.json().get("problems").forEach(p -> lines.add(p.get("line").asLong()));
    assertEquals(List.of(3L, 5L, 6L, 7L), lines);
    assertEquals(3, journalRows(user));

    HttpJson.Reply ndjson = http.post("/v1/import/events?on-error=skip", "application/x-ndjson",
        "{\"eventId\":\"b8-" + run + "\",\"userId\":\"" + user + "\",\"type\":\"view\",\"itemId\":\"i\",\"timestamp\":\""
            + at(11) + "\"}\nnot json\n");
    assertEquals(1, ndjson.json().get("accepted").asInt(), ndjson.raw().body());
    assertEquals(2, ndjson.json().get("problems").get(0).get("line").asLong());
    assertEquals(400, http.post("/v1/import/events?on-error=maybe", "text/csv", csv).status());
    assertEquals(415, http.post("/v1/import/events", "application/json", "[]").status());
  }

  // ---- the command ----

  @Test
  void aStoppedImportWhoseCheckpointLagsIsResumedWithExactlyOneJournalRowPerEvent(@TempDir Path dir)
      throws IOException {
    Path items = dir.resolve("items.csv");
    Files.writeString(items, "itemId,category\n" + "c-0-" + run + ",Books & Media\n" + "c-1-" + run + ",Toys\n");
    assertEquals(0, ImportCommand.execute("items", items.toString(), "--key", HttpJson.producerKey(), "--url", "http://127.0.0.1:" + node.httpPort()));

    Path file = dir.resolve("history.csv");
    Map<String, Integer> perUser = new HashMap<>();
    List<String> rows = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      if (i % 100 == 99) {
        // the row before, once more: a second, identical event (a derived id of its own)
        rows.add(rows.get(i - 1));
        users.add(users.get(i - 1));
      } else {
        String user = "cli-" + (i % 7) + "-" + run;
        rows.add(user + "," + (i % 3 == 0 ? "purchase" : "view") + ",c-" + (i % 2) + "-" + run + "," + at(i) + ",");
        users.add(user);
      }
      perUser.merge(users.get(i), 1, Integer::sum);
    }
    StringBuilder csv = new StringBuilder("userId,type,itemId,timestamp,value\n");
    rows.forEach(row -> csv.append(row).append('\n'));
    Files.writeString(file, csv.toString());
    String url = "http://127.0.0.1:" + node.httpPort();

    // stopped after 5 chunks of 50 lines; the checkpoint then says only the first one is done
    assertEquals(1, ImportCommand.execute("events", file.toString(), "--key", HttpJson.producerKey(), "--url", url, "--chunk", "50", "--parallel", "3",
        "--max-chunks", "5"));
    Path checkpoint = dir.resolve("history.csv.import-progress");
    assertTrue(Files.readString(checkpoint).contains("done-through-line=251"), Files.readString(checkpoint));
    Files.writeString(checkpoint, Files.readString(checkpoint).replace("done-through-line=251", "done-through-line=51"));

    assertEquals(0, ImportCommand.execute("events", file.toString(), "--key", HttpJson.producerKey(), "--url", url, "--chunk", "50", "--parallel", "3"));
    assertFalse(Files.exists(checkpoint), "a finished import leaves no checkpoint");

    long total = 0;
    for (Map.Entry<String, Integer> user : perUser.entrySet()) {
      assertEquals(user.getValue().longValue(), journalRows(user.getKey()), user.getKey());
      total += journalRows(user.getKey());
    }
    assertEquals(600, total);
    // and a third run of the whole file records nothing new
    assertEquals(0, ImportCommand.execute("events", file.toString(), "--key", HttpJson.producerKey(), "--url", url, "--restart"));
    assertEquals(600, perUser.keySet().stream().mapToLong(this::journalRows).sum());
  }
}
