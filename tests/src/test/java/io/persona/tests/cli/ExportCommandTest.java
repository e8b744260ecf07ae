package io.persona.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.cli.ExportCommand;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.tests.serving.ServingCatalog;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code persona export} against a real node's Cassandra: the interactions a user sent and the list
 * the user was served come out as NDJSON rows with their fields; a bad range is a usage error.
 */
@ExtendWith(SharedCassandra.class)
class ExportCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** A keyspace of its own with learning on: only then do interactions go to the interaction log. */
  private static final String KEYSPACE = "persona_export_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  static PersonaNode node;
  static HttpJson http;

  @BeforeAll
  static void start() {
    node = TestNodes.start(ConfigFactory.parseString("""
        persona.cassandra.keyspace = "%s"
        persona.learning {
          enabled = true
          trainer.interval = 1h
          embeddings.interval = 1h
        }
        """.formatted(KEYSPACE)));
    http = new HttpJson(node.httpPort());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    try (CqlSession session = CassandraSessions.connect(SharedCassandra.settings())) {
      SharedCassandra.dropKeyspace(session, KEYSPACE);
    }
  }

  @Test
  void interactionsAndServedListsComeOutAsNdjson(@TempDir Path dir) throws Exception {
    ServingCatalog catalog = ServingCatalog.create(http, 1, 4);
    String user = "exported-" + UUID.randomUUID();
    Instant from = Instant.now().minusSeconds(120);
    assertEquals(200, http.postJson("/v1/events", "[" + ServingCatalog.event(user, "view", catalog.item(0, 1),
        Instant.now().minusSeconds(60)) + "," + ServingCatalog.event(user, "purchase", catalog.item(0, 2),
        Instant.now().minusSeconds(30)) + "]").status());
    JsonNode served = http.get("/v1/users/" + user + "/recommendations?k=3").json();
    String requestId = served.get("requestId").asText();

    CassandraSettings cassandra = SharedCassandra.settings();
    List<String> connection = List.of("--contact-points", String.join(",", cassandra.contactPointStrings()),
        "--keyspace", KEYSPACE, "--profile", "local", "--quiet", "--from", from.toString());

    Path events = dir.resolve("events.ndjson");
    List<JsonNode> mine = awaitRows(() -> export("events", events, connection), events,
        row -> row.path("userId").asText().equals(user), 2);
    assertEquals(List.of("view", "purchase"), mine.stream().map(row -> row.get("type").asText()).toList());
    assertEquals(catalog.item(0, 2), mine.get(1).get("itemId").asText());
    assertTrue(mine.get(0).has("eventId") && mine.get(0).has("timestamp"), mine.get(0).toString());

    Path predictions = dir.resolve("predictions.ndjson");
    JsonNode slate = awaitRows(() -> export("predictions", predictions, connection), predictions,
        row -> row.path("requestId").asText().equals(requestId), 1).get(0);
    assertEquals(user, slate.get("userId").asText());
    assertEquals(served.get("items").size(), slate.get("items").size(), slate.toString());
    assertEquals(served.get("items").get(0).get("itemId").asText(), slate.get("items").get(0).get("itemId").asText());
    JsonNode item = slate.get("items").get(0);
    assertTrue(item.has("propensity") && item.get("dense").isArray() && item.get("sparse").isArray(), item.toString());
    assertTrue(slate.get("rules").isArray());

    Path examples = dir.resolve("examples.ndjson");
    assertEquals(0, export("examples", examples, connection), "no examples yet (nothing was clicked), still a file");
    assertTrue(Files.exists(examples));

    assertEquals(2, ExportCommand.execute("events", "--from", "yesterday"));
    assertEquals(2, ExportCommand.execute("events", "--from", "2026-12-02T00:00:00Z", "--to", "2026-12-01T00:00:00Z"));
    assertEquals(2, ExportCommand.execute("everything"));
    assertEquals(0, ExportCommand.execute("--help"));
  }

  private static int export(String what, Path file, List<String> connection) {
    List<String> args = new ArrayList<>(List.of(what, "--out", file.toString()));
    args.addAll(connection);
    return ExportCommand.execute(args.toArray(String[]::new));
  }

  /** Exports until {@code wanted} rows match (the prediction log is written a moment after serving). */
  private static List<JsonNode> awaitRows(java.util.function.IntSupplier export, Path file,
                                          java.util.function.Predicate<JsonNode> match, int wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<JsonNode> found = List.of();
    while (System.nanoTime() < deadline) {
      assertEquals(0, export.getAsInt());
      List<JsonNode> rows = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          rows.add(MAPPER.readTree(line));
        }
      }
      found = rows.stream().filter(match).toList();
      if (found.size() >= wanted) {
        return found;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("only " + found.size() + " matching rows in " + file + " after 20 s");
  }
}
