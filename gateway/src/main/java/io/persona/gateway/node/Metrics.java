package io.persona.gateway.node;

import com.typesafe.config.Config;
import kamon.Kamon;
import kamon.prometheus.PrometheusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

import java.util.Optional;

/**
 * Kamon for this JVM: started once, before the first actor system exists, so that its agent can
 * instrument Pekko's classes as they load. Kamon keeps one registry and one set of reporters per
 * JVM, so with several nodes in one JVM (tests) the first node started decides, and each node's
 * /metrics shows the same JVM-wide numbers.
 */
public final class Metrics {
  private static final Logger log = LoggerFactory.getLogger(Metrics.class);
  private static volatile boolean started; // written under Metrics.class

  /** {@code persona.metrics}: whether Kamon runs at all, and whether it attaches its agent. */
  public record Settings(boolean enabled, boolean instrumentation) {
    public static Settings fromConfig(Config config) {
      Config metrics = config.getConfig("persona.metrics");
      return new Settings(metrics.getBoolean("enabled"), metrics.getBoolean("instrumentation"));
    }
  }

  private Metrics() {}

  /**
   * Starts Kamon with {@code config} (its reporters: the Prometheus one, JVM and process metrics)
   * unless metrics are disabled or Kamon already runs in this JVM. A failure to attach the agent
   * is logged and Kamon runs without it: metrics never stop a node from starting.
   */
  public static synchronized void start(Config config) {
    Settings settings = Settings.fromConfig(config);
    if (started || !settings.enabled()) {
      return;
    }
    if (settings.instrumentation()) {
      try {
        Kamon.init(config);
        started = true;
        return;
      } catch (RuntimeException | LinkageError e) {
        log.warn("Kamon could not attach its instrumentation agent; Persona's own and JVM metrics only", e);
      }
    }
    Kamon.initWithoutAttaching(config);
    started = true;
  }

  /**
   * The Prometheus exposition of the last metrics tick; empty when Kamon was not started in this
   * JVM (metrics disabled) or its Prometheus reporter is not running.
   */
  public static Optional<String> scrape() {
    if (!started) {
      return Optional.empty();
    }
    Option<String> data = PrometheusReporter.latestScrapeData();
    return data.isDefined() ? Optional.of(data.get()) : Optional.empty();
  }
}
