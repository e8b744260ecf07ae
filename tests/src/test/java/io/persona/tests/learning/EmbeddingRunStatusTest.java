package io.persona.tests.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.tests.support.Await;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.Sleep;
import io.persona.tests.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The item-embedding retrainer's runs can be observed from outside: after purchases are recorded,
 * GET /v1/admin/learning shows a published run that read past them, counting exactly the distinct
 * user-item pairs, users and items that were bought, and the run's embeddings reach the replica.
 * A benchmark waits on this to know that the embeddings it is served were trained on what it sent.
 * A quiet node does not retrain them on the same history run after run: the next run comes with the
 * next purchase.
 */
@ExtendWith(SharedCassandra.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the first counts exactly what it bought on an empty keyspace; the second only compares runs
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddingRunStatusTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int USERS = 12;
  private static final int ITEMS = 20;
  private static final int BOUGHT_PER_USER = 5;

  private final String keyspace = "persona_embruns_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private PersonaNode node;

  @BeforeAll
  void startNode() {
    node = TestNodes.start(ConfigFactory.parseString("""
        persona.cassandra.keyspace = "%s"
        persona.learning {
          enabled = true
          embeddings { interval = 1s, min-interactions = 10 }
          # a run counts an action as read once it is 1 s old (its log row may still be on its way before)
          catch-up.settle = 1s
          history.retrain-interval = 1h
          trainer.interval = 1h
        }
        """.formatted(keyspace)));
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    try (CqlSession session = CassandraSessions.connect(SharedCassandra.settings())) {
      SharedCassandra.dropKeyspace(session, keyspace);
    }
  }

  @Test
  @Order(1)
  void aPublishedRunIsShownWithWhatItReadAndItsEmbeddingsReachTheReplica() {
    HttpJson http = new HttpJson(node.httpPort());
    postCatalog(http, "item-");

    // user u buys items u, u+3, u+6, ... (mod 20): overlapping baskets, every pair distinct
    ArrayNode events = MAPPER.createArrayNode();
    Set<String> bought = new HashSet<>();
    Instant at = Instant.now().minusSeconds(3600);
    for (int u = 0; u < USERS; u++) {
      for (int k = 0; k < BOUGHT_PER_USER; k++) {
        String item = "item-" + (u + 3 * k) % ITEMS;
        bought.add(item);
        events.add(purchase("buy-" + u + "-" + k, "buyer-" + u, item, at.plusSeconds(10L * k + u)));
      }
    }
    // an item id no one put in the catalog: trained with the others, published to no replica
    for (int u = 0; u < 2; u++) {
      events.add(purchase("buy-made-up-" + u, "buyer-" + u, "never-catalogued", at.plusSeconds(500 + u)));
    }
    HttpJson.Reply posted = http.postJson("/v1/events", events.toString());
    assertEquals(200, posted.status(), posted.raw().body());
    Instant acknowledged = Instant.now();

    JsonNode run = Await.until("an embedding run that read past the purchases", WAIT, Duration.ofMillis(500),
        () -> http.asOperator().get("/v1/admin/learning").json().get("embeddings"),
        e -> e.get("started").asBoolean() && Instant.parse(e.get("offset").asText()).isAfter(acknowledged),
        () -> "");
    JsonNode counters = run.get("counters");
    assertEquals(USERS * BOUGHT_PER_USER + 2, counters.get("interactions").asLong(), run.toString());
    assertEquals(USERS, counters.get("users").asLong(), run.toString());
    assertEquals(bought.size() + 1, counters.get("items").asLong(), run.toString());
    assertTrue(counters.get("runs").asLong() >= 1, run.toString());

    Await.until("the run's embeddings in the replica", WAIT, Duration.ofMillis(500),
        () -> http.asOperator().get("/v1/admin/serving").json().get("catalog").get("trainedEmbeddings").asLong(),
        trained -> trained == bought.size(), () -> "only catalogued items are published");
    assertEquals(null, node.parts().catalog().embedding("never-catalogued"));
  }

  @Test
  @Order(2)
  void aQuietNodeRetrainsOnlyOnceSomeoneActsAgain() {
    HttpJson http = new HttpJson(node.httpPort());
    postCatalog(http, "quiet-");
    ArrayNode events = MAPPER.createArrayNode();
    Instant at = Instant.now().minusSeconds(3600);
    for (int u = 0; u < USERS; u++) {
      for (int k = 0; k < BOUGHT_PER_USER; k++) {
        events.add(purchase("quiet-" + u + "-" + k, "quiet-buyer-" + u, "quiet-" + (u + 3 * k) % ITEMS,
            at.plusSeconds(10L * k + u)));
      }
    }
    assertEquals(200, http.postJson("/v1/events", events.toString()).status());
    runsAfter(http, Instant.now());
    // runs go on until one starts a settle (1 s) after the last purchase was observed
    Sleep.millis(3_000);
    long runs = http.asOperator().get("/v1/admin/learning").json().get("embeddings").get("counters").get("runs").asLong();

    // the interval is 1 s: before QuietSkip each of these seconds retrained and republished the same history
    Sleep.millis(6_000);
    JsonNode quiet = http.asOperator().get("/v1/admin/learning").json().get("embeddings");
    assertEquals(runs, quiet.get("counters").get("runs").asLong(), "no one acted for 6 intervals: " + quiet);

    ArrayNode one = MAPPER.createArrayNode().add(purchase("quiet-again", "quiet-buyer-0", "quiet-7", Instant.now()));
    assertEquals(200, http.postJson("/v1/events", one.toString()).status());
    long after = runsAfter(http, Instant.now());
    assertTrue(after > runs, "a purchase after the quiet: retrained (" + runs + " runs before, " + after + " after)");
  }

  /** ITEMS items, ids {@code prefix}0, {@code prefix}1, ..., in one category. */
  private static void postCatalog(HttpJson http, String prefix) {
    ArrayNode items = MAPPER.createArrayNode();
    for (int i = 0; i < ITEMS; i++) {
      items.add(MAPPER.createObjectNode().put("itemId", prefix + i).put("category", "gifts"));
    }
    assertEquals(200, http.postJson("/v1/items", items.toString()).status());
  }

  private static JsonNode purchase(String eventId, String userId, String itemId, Instant at) {
    return MAPPER.createObjectNode().put("eventId", eventId).put("userId", userId).put("type", "purchase")
        .put("itemId", itemId).put("timestamp", at.toString());
  }

  /** The runs counted by the first run that read past {@code moment}. */
  private static long runsAfter(HttpJson http, Instant moment) {
    JsonNode run = Await.until("an embedding run that read past " + moment, WAIT, Duration.ofMillis(200),
        () -> http.asOperator().get("/v1/admin/learning").json().get("embeddings"),
        e -> e.get("started").asBoolean() && Instant.parse(e.get("offset").asText()).isAfter(moment),
        () -> "");
    return run.get("counters").get("runs").asLong();
  }
}
