package io.persona.tests.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.recommend.ServingWarmUp;
import io.persona.gateway.node.PersonaNode;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node runs its recommendation path on synthetic users before it reports ready (issue 16: JIT
 * warm-up before readiness), over the real Cassandra node, and says so in GET /health/ready.
 */
@ExtendWith(SharedCassandra.class)
class ServingWarmUpTest {

  @Test
  void aNodeWithACatalogComputesItsWarmUpListsBeforeItReportsReady() {
    try (PersonaNode first = TestNodes.start()) {
      ServingCatalog.create(new HttpJson(first.httpPort()), 3, 6); // the shared keyspace holds items from here on
    }
    try (PersonaNode node = TestNodes.start(ConfigFactory.parseString(
        "persona.recommend.warm-up { lists = 40, max-duration = 55s }"))) {
      ServingWarmUp.Report report = node.warmUp().toCompletableFuture().join();
      assertEquals("done", report.reason(), report.toString());
      assertEquals(40, report.lists(), report.toString());
      assertTrue(report.firstMillis() > 0 && report.lastMillis() > 0, report.toString());
      HttpJson.Reply ready = new HttpJson(node.httpPort()).get("/health/ready");
      assertEquals(200, ready.status(), ready.raw().body());
      JsonNode checks = ready.json().path("checks");
      assertEquals("40 lists in " + report.millis() + " ms (done)", checks.path("warm-up").asText(),
          ready.raw().body());
      assertEquals("up", checks.path("cassandra").asText(), ready.raw().body());
    }
  }

  @Test
  void aWarmUpOfNoListsIsOffAndSaysSo() {
    try (PersonaNode node = TestNodes.start(ConfigFactory.parseString("persona.recommend.warm-up.lists = 0"))) {
      ServingWarmUp.Report report = node.warmUp().toCompletableFuture().join();
      assertEquals("off", report.reason());
      assertEquals(0, report.lists());
      HttpJson.Reply ready = new HttpJson(node.httpPort()).get("/health/ready");
      assertEquals(200, ready.status(), ready.raw().body());
      assertEquals("off", ready.json().path("checks").path("warm-up").asText(), ready.raw().body());
    }
  }
}
