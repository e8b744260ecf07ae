package io.persona.tests.serving;

import io.persona.gateway.node.PersonaNode;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real node's GET /metrics after an event and a recommendation: the ingest counters, the persist
 * latency, every recommend stage, where profiles were read from and the model in service, in
 * Prometheus form. Kamon is one per
 * JVM (other tests' nodes count into the same numbers), so the test asks for "at least one", and it
 * waits for the next metrics tick (1 s in persona-test.conf).
 */
@ExtendWith(SharedCassandra.class)
class MetricsEndpointTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  static PersonaNode node;
  static HttpJson http;
  static ServingCatalog catalog;

  @BeforeAll
  static void start() {
    // no warm-up: its synthetic lists would count in the stage timers before the test's own list
    node = TestNodes.start(com.typesafe.config.ConfigFactory.parseString("persona.recommend.warm-up.lists = 0"));
    http = new HttpJson(node.httpPort());
    catalog = ServingCatalog.create(http, 3, 8);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anEventAndARecommendationShowUpInTheScrape() throws InterruptedException {
    String user = "metrics-" + UUID.randomUUID();
    String event = ServingCatalog.event(user, "view", catalog.item(1, 2), Instant.now().minusSeconds(5));
    HttpJson.Reply posted = http.postJson("/v1/events", "[" + event + "]");
    assertEquals(200, posted.status(), posted.raw().body());
    HttpJson.Reply listed = http.get("/v1/users/" + user + "/recommendations?k=5");
    assertEquals(200, listed.status(), listed.raw().body());
    assertTrue(listed.json().get("items").size() > 0, listed.raw().body());
    HttpJson.Reply again = http.get("/v1/users/" + user + "/recommendations?k=5"); // before any other event
    assertEquals(200, again.status(), again.raw().body());
    // a user this node has never started: the profile is asked of the entity, which starts
    HttpJson.Reply stranger = http.get("/v1/users/stranger-" + UUID.randomUUID() + "/recommendations?k=5");
    assertEquals(200, stranger.status(), stranger.raw().body());

    List<String> counted = List.of(
        "persona_events_ingested_total",
        "persona_events_persist_latency_seconds_count",
        "persona_events_ingest_latency_seconds_count",
        "persona_recommend_stage_seconds_count{stage=\"profile\"}",
        "persona_recommend_stage_seconds_count{stage=\"queue\"}",
        "persona_recommend_stage_seconds_count{stage=\"retrieval\"}",
        "persona_recommend_stage_seconds_count{stage=\"features\"}",
        "persona_recommend_stage_seconds_count{stage=\"ranking\"}",
        "persona_recommend_stage_seconds_count{stage=\"slate\"}",
        "persona_recommend_latency_seconds_count{outcome=\"ok\"}",
        "persona_prediction_log_offered_total",
        "persona_recommend_retrieval_cache_total{outcome=\"miss\"}",
        "persona_recommend_retrieval_cache_total{outcome=\"hit\"}",
        "persona_users_profile_reads_total{source=\"local\"}", // the user's entity runs on this node
        "persona_users_profile_reads_total{source=\"entity\"}");
    long deadline = System.nanoTime() + WAIT.toNanos();
    String scrape;
    List<String> missing;
    do {
      HttpJson.Reply reply = http.get("/metrics");
      assertEquals(200, reply.status(), reply.raw().body());
      assertTrue(reply.contentType().startsWith("text/plain; version=0.0.4"), reply.contentType());
      scrape = reply.raw().body();
      String text = scrape;
      missing = counted.stream().filter(sample -> value(text, sample).orElse(0) < 1).toList();
      if (missing.isEmpty() && servesPopularity(text)) {
        return;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    fail("no count yet for " + missing + " (or no model in service) in:\n" + scrape);
  }

  /** Until a model is trained the champion is the popularity ranker. */
  private static boolean servesPopularity(String scrape) {
    return scrape.lines().anyMatch(line -> line.startsWith("persona_model_serving{")
        && line.contains("variant=\"champion\"") && line.contains("kind=\"popularity\"") && line.endsWith(" 1.0"));
  }

  /** The value of the sample named exactly {@code sample} (metric name plus labels, if any). */
  private static OptionalDouble value(String scrape, String sample) {
    return scrape.lines()
        .filter(line -> line.startsWith(sample + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
        .findFirst();
  }
}
