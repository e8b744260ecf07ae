package io.persona.tests.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import com.typesafe.config.ConfigFactory;

/**
 * The sources' own settings chosen by the history's measurement, and served. In this history the
 * item a customer buys next goes with the one they bought three purchases before (two one-off items
 * in between), while the node is configured to seed co-occurrence with the newest item only. The
 * measurement finds more seeds on the imported history, the operator sees its choice, and a new
 * customer's list, asked over HTTP, holds the item that goes with their older purchase.
 */
@ExtendWith(SharedCassandra.class)
class HistorySourceSettingsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int PAIRS = 40;
  private static final int NOISE = 3000;

  private final String keyspace = "persona_sources_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
  void theMeasurementChoosesMoreSeedsThanConfiguredAndServingFollowsIt() {
    node = TestNodes.start(ConfigFactory.parseString("""
        persona.cassandra.keyspace = "%s"
        persona.learning {
          enabled = true
          history { retrain-interval = 2s, model-poll = 1s }
          embeddings.enabled = false
          trainer.interval = 1h
          history.ranker.enabled = false
        }
        persona.recommend.exploration-share = 0
        # where the measurement starts: the newest item alone, as a "goes with this" shop would want
        persona.recommend.history-seeds = 1
        persona.recommend.candidates { trending = 0, co-visitation = 0 }
        """.formatted(keyspace)));
    HttpJson http = new HttpJson(node.httpPort());
    List<String> ids = new ArrayList<>();
    for (int p = 0; p < PAIRS; p++) {
      ids.add("anchor-" + p);
      ids.add("match-" + p);
    }
    for (int n = 0; n < NOISE; n++) {
      ids.add("noise-" + n);
    }
    for (int from = 0; from < ids.size(); from += 1000) {
      ArrayNode items = MAPPER.createArrayNode();
      ids.subList(from, Math.min(ids.size(), from + 1000)).forEach(id -> items.add(MAPPER.createObjectNode()
          .put("itemId", id).put("category", "shop")));
      assertEquals(200, http.postJson("/v1/items", items.toString()).status());
    }
    Instant now = Instant.now();
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder ndjson = new StringBuilder();
    for (int u = 0; u < 400; u++) {
      int pair = random.nextInt(PAIRS);
      String[] bought = {"anchor-" + pair, "noise-" + random.nextInt(NOISE), "noise-" + random.nextInt(NOISE),
          "match-" + pair};
      for (int k = 0; k < bought.length; k++) {
        ndjson.append(MAPPER.createObjectNode().put("eventId", "h-" + u + "-" + k).put("userId", "buyer-" + u)
            .put("type", "purchase").put("itemId", bought[k])
            .put("timestamp", now.minus(Duration.ofMinutes(400 - 100L * k)).toString())).append('\n');
      }
    }
    HttpJson.Reply imported = http.post("/v1/import/events", "application/x-ndjson", ndjson.toString());
    assertEquals(200, imported.status(), imported.raw().body());

    JsonNode sources = Await.until("the history model served with measured source settings", WAIT,
        Duration.ofSeconds(1), () -> http.asOperator().get("/v1/admin/serving").json().get("history").get("blend"),
        blend -> blend.get("measured").asBoolean() && blend.get("sources").get("chosen").asBoolean(),
        () -> "").get("sources");
    assertTrue(sources.get("seeds").asInt() >= 3, "the anchor, three purchases back, seeds: " + sources);

    int found = 0;
    for (int c = 0; c < 10; c++) {
      int pair = c * 3 % PAIRS;
      ArrayNode events = MAPPER.createArrayNode();
      String[] bought = {"anchor-" + pair, "noise-" + (NOISE - 1 - 2 * c), "noise-" + (NOISE - 2 - 2 * c)};
      for (int k = 0; k < bought.length; k++) {
        events.add(MAPPER.createObjectNode().put("eventId", "new-" + c + "-" + k).put("userId", "newcomer-" + c)
            .put("type", "purchase").put("itemId", bought[k])
            .put("timestamp", Instant.now().minus(Duration.ofMinutes(3 - k)).toString()));
      }
      assertEquals(200, http.postJson("/v1/events", events.toString()).status());
      JsonNode list = http.get("/v1/users/newcomer-" + c + "/recommendations?k=10&seen=exclude").json();
      List<String> items = new ArrayList<>();
      list.get("items").forEach(item -> items.add(item.get("itemId").asText()));
      assertFalse(items.contains("anchor-" + pair), "seen=exclude: " + items);
      if (items.contains("match-" + pair)) {
        found++;
      }
    }
    assertTrue(found >= 8, found + " of 10 newcomers got the item that goes with their older purchase");
  }
}
