package io.persona.tests.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.tests.serving.ServingCatalog;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.SharedKafka;
import io.persona.tests.support.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every metric the alert rules and the dashboard read is in a real node's scrape once it has taken
 * an event and served a list, with Kamon's agent off (the rules must not depend on it) and Kafka
 * ingestion on (the tests' broker). The
 * learning loop's metrics come from its cluster singleton after a training cycle: LearningLoopTest
 * checks those. Kamon is one per JVM and the test JVM is shared, so a series may come from an
 * earlier test's node of the same code; the cluster gauges' values are this node's.
 */
@ExtendWith(SharedCassandra.class)
class MonitoredMetricsScrapedTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  static PersonaNode node;
  static HttpJson http;

  @BeforeAll
  static void start() {
    // with Kafka ingestion on, from the tests' broker: the Kafka rules read its series
    String run = UUID.randomUUID().toString().substring(0, 8);
    node = TestNodes.start(ConfigFactory.parseMap(Map.of(
        "persona.kafka.enabled", true,
        "persona.kafka.bootstrap-servers", SharedKafka.bootstrapServers(),
        "persona.kafka.topic", "monitored-" + run,
        "persona.kafka.dead-letter-topic", "monitored-dead-" + run,
        "persona.kafka.group-id", "monitored-" + run)));
    http = new HttpJson(node.httpPort());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** The names the rules and the dashboard read, but for the learning loop's. */
  static Set<String> servingNames() {
    Set<String> names = new TreeSet<>(MonitoringFiles.metricNames());
    names.removeIf(LearningMetricsScraped::isLearning);
    return names;
  }

  @Test
  void everyMetricTheRulesAndTheDashboardReadIsScraped() throws InterruptedException {
    ServingCatalog catalog = ServingCatalog.create(http, 2, 5);
    String user = "monitored-" + UUID.randomUUID();
    HttpJson.Reply posted = http.postJson("/v1/events",
        "[" + ServingCatalog.event(user, "view", catalog.item(1, 2), Instant.now().minusSeconds(5)) + "]");
    assertEquals(200, posted.status(), posted.raw().body());
    HttpJson.Reply listed = http.get("/v1/users/" + user + "/recommendations?k=5");
    assertEquals(200, listed.status(), listed.raw().body());

    // the JVM's GC time is a histogram of collections, reported from the first one after Kamon
    // started: a node that has not collected yet (a short test, a large heap) shows none
    System.gc();

    Set<String> wanted = servingNames();
    assertFalse(wanted.isEmpty());
    Set<String> missing = LearningMetricsScraped.missingWithin(http, wanted, WAIT);
    if (!missing.isEmpty()) {
      fail("the monitoring files read metrics this node does not report: " + missing);
    }

    // and the cluster gauges the rules page on count what they say: this node alone, up, reachable
    // (read every 5 s, and a metrics tick later in the scrape: the first reading may predate Up)
    long deadline = System.nanoTime() + WAIT.toNanos();
    String scrape;
    do {
      scrape = http.get("/metrics").raw().body();
      if (value(scrape, "persona_cluster_members{status=\"up\"}") == 1.0
          && value(scrape, "persona_cluster_members{status=\"joining\"}") == 0.0
          && value(scrape, "persona_cluster_unreachable_members") == 0.0) {
        return;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    fail("one node, up and reachable, is not what the cluster gauges say:\n" + scrape);
  }

  private static double value(String scrape, String sample) {
    return scrape.lines().filter(line -> line.startsWith(sample + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
        .findFirst().orElse(Double.NaN);
  }
}
