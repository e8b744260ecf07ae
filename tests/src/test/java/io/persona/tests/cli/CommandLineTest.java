package io.persona.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.cli.ExportCommand;
import io.persona.gateway.cli.ImportCommand;
import io.persona.gateway.cli.KeysCommand;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.tests.serving.ServingCatalog;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.CommandOutput;
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
 * The command line against a real node: {@code persona export} writes the interactions a user sent
 * and the list the user was served as NDJSON rows with their fields; {@code persona keys} creates,
 * lists and revokes a key the node then refuses; every command answers {@code --help}; usage errors
 * and an absent node have their exit codes. (models and status: ModelPromotionTest; import:
 * ImportTest.)
 */
@ExtendWith(SharedCassandra.class)
class CommandLineTest {
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

  @Test
  void keysAreCreatedListedAndRevokedThroughTheNode() throws Exception {
    String url = "http://127.0.0.1:" + node.httpPort();
    String operatorKey = SharedCassandra.testConfig().getString("persona.admin.operator-key");
    String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    String created = CommandOutput.printed(() -> KeysCommand.execute("create", "--name", name, "--scopes",
        "events:write,recommendations:read", "--url", url, "--operator-key", operatorKey));
    // the node's log shares standard output in this JVM: the command's JSON is the block from "{" to "}"
    JsonNode key = MAPPER.readTree(created.substring(created.indexOf("{\n"), created.lastIndexOf("}") + 1));
    String text = key.get("key").asText();
    assertTrue(text.startsWith("pk_"), created);
    assertEquals(200, http.withBearer(text).get("/v1/users/cli-user/recommendations?k=1").status(),
        "the new key opens what its scopes open");
    String listed = CommandOutput.printed(() -> KeysCommand.execute("list", "--url", url, "--operator-key", operatorKey));
    assertTrue(listed.contains(name) && !listed.contains(text), "listed, without its secret: " + listed);
    CommandOutput.printed(() -> KeysCommand.execute("revoke", key.get("id").asText(), "--url", url, "--operator-key", operatorKey));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status = 200;
    while (status != 401 && System.nanoTime() < deadline) {
      status = http.withBearer(text).get("/v1/users/cli-user/recommendations?k=1").status();
      Thread.sleep(200);
    }
    assertEquals(401, status, "a revoked key is refused");

    assertEquals(1, KeysCommand.execute("revoke", "no-such-key", "--url", url, "--operator-key", operatorKey));
    assertEquals(1, KeysCommand.execute("list", "--url", url, "--operator-key", "not-the-key"));
    assertEquals(3, KeysCommand.execute("list", "--url", "http://127.0.0.1:9", "--operator-key", operatorKey));
    assertEquals(2, KeysCommand.execute("create", "--name", "no-scopes"));
    for (java.util.function.IntSupplier help : List.<java.util.function.IntSupplier>of(
        () -> KeysCommand.execute("--help"), () -> KeysCommand.execute("create", "--help"),
        () -> KeysCommand.execute("list", "--help"), () -> KeysCommand.execute("revoke", "--help"),
        () -> ImportCommand.execute("--help"), () -> ExportCommand.execute("--help"))) {
      assertTrue(CommandOutput.printed(help).contains("Usage:"));
    }
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
