package io.persona.tests.monitoring;

import io.persona.tests.support.HttpJson;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scrapes a node until the metrics asked for are there. The learning loop's metrics (named
 * {@code persona_learning_*}) appear only on the node that runs its singleton, after a training
 * cycle: LearningLoopTest asks for them, MonitoredMetricsScrapedTest for the rest.
 */
public final class LearningMetricsScraped {
  private LearningMetricsScraped() {}

  static boolean isLearning(String metric) {
    return metric.startsWith("persona_learning_");
  }

  /** The learning loop's metrics the alert rules and the dashboard read. */
  public static Set<String> learningNames() {
    Set<String> names = new TreeSet<>(MonitoringFiles.metricNames());
    names.removeIf(name -> !isLearning(name));
    return names;
  }

  /** Of {@code wanted}, what the node's scrape still lacks after {@code within} (empty: all there). */
  public static Set<String> missingWithin(HttpJson http, Set<String> wanted, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Set<String> missing;
    do {
      HttpJson.Reply reply = http.get("/metrics");
      missing = new TreeSet<>(wanted);
      if (reply.status() == 200) {
        missing.removeAll(MonitoringFiles.sampleNames(reply.raw().body()));
      }
      if (missing.isEmpty()) {
        return missing;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return missing;
  }
}
