package io.persona.gateway.telemetry;

import com.typesafe.config.Config;
import kamon.Kamon;
import kamon.prometheus.PrometheusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.pekko.Done;
import scala.Option;
import scala.jdk.javaapi.FutureConverters;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Kamon for this JVM. Started before the first actor system exists, so that its agent can
 * instrument Pekko's classes as they load. Its modules (the Prometheus reporter, JVM and process
 * collectors) run on threads that are not daemons, so they are stopped as the last node's actor
 * system shuts down (see {@link TelemetryLifecycle}) and the JVM can exit once its node has left.
 * Kamon keeps one registry and one set of reporters per JVM: with several nodes in one JVM (tests)
 * the node that starts Kamon decides, and each node's /metrics shows the same JVM-wide numbers.
 */
public final class Telemetry {
  private static final Logger log = LoggerFactory.getLogger(Telemetry.class);
  private static volatile boolean running; // written under Telemetry.class
  private static int systems; // actor systems started since Kamon was, not yet shutting down; under Telemetry.class

  /** {@code persona.metrics}: whether Kamon runs at all, and whether it attaches its agent. */
  public record Settings(boolean enabled, boolean instrumentation) {
    public static Settings fromConfig(Config config) {
      Config metrics = config.getConfig("persona.metrics");
      return new Settings(metrics.getBoolean("enabled"), metrics.getBoolean("instrumentation"));
    }
  }

  private Telemetry() {}

  /**
   * Starts Kamon with {@code config} (its reporters: the Prometheus one, JVM and process metrics)
   * unless metrics are disabled or Kamon already runs in this JVM. A failure to attach the agent
   * is logged and Kamon runs without it: metrics never stop a node from starting.
   */
  public static synchronized void start(Config config) {
    Settings settings = Settings.fromConfig(config);
    if (running || !settings.enabled()) {
      return;
    }
    if (settings.instrumentation()) {
      try {
        Kamon.init(config);
        running = true;
        return;
      } catch (RuntimeException | LinkageError e) {
        log.warn("Kamon could not attach its instrumentation agent; Persona's own and JVM metrics only", e);
      }
    }
    Kamon.initWithoutAttaching(config);
    running = true;
  }

  /**
   * The Prometheus exposition of the last metrics tick; empty when Kamon does not run in this JVM
   * (metrics disabled) or its Prometheus reporter is not running.
   */
  public static Optional<String> scrape() {
    if (!running) {
      return Optional.empty();
    }
    Option<String> data = PrometheusReporter.latestScrapeData();
    return data.isDefined() ? Optional.of(data.get()) : Optional.empty();
  }

  static synchronized void systemStarted() {
    if (running) {
      systems++;
    }
  }

  /**
   * The last actor system to shut down stops Kamon's modules (the reporters and collectors, whose
   * threads are not daemons), before its dispatchers stop; a node started later in this JVM starts
   * them again. Not Kamon.stop(): instruments created before it (Persona's, in static fields) would
   * never be reported again after a restart.
   */
  static synchronized CompletionStage<Done> systemStopping() {
    if (!running || systems == 0 || --systems > 0) {
      return CompletableFuture.completedFuture(Done.done());
    }
    running = false;
    return FutureConverters.asJava(Kamon.stopModules()).handle((stopped, failure) -> {
      if (failure != null) {
        log.warn("Kamon did not stop cleanly: {}", failure.toString());
      }
      return Done.done();
    });
  }
}
