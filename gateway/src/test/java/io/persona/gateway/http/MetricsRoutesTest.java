package io.persona.gateway.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.streams.ingest.IngestTelemetry;
import io.persona.streams.learning.LearningTelemetry;
import io.persona.actors.slate.SlateLogTelemetry;
import io.persona.actors.recommend.RecommendTelemetry;
import io.persona.gateway.telemetry.Telemetry;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * GET /metrics over real HTTP. Kamon is one per JVM and other tests may have recorded or started
 * it first, so the test checks that names appear, never exact counts, and waits out a tick of
 * whatever length the JVM's Kamon was started with.
 */
class MetricsRoutesTest {
  private static final Duration LONGEST_TICK = Duration.ofSeconds(25);
  private static final HttpClient client = HttpClient.newHttpClient();
  private static ActorSystem<Void> system;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), "metrics-routes-test");
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  @Test
  void disabledMetricsAreA503Problem() throws Exception {
    HttpResponse<String> reply = get(new MetricsRoutes(Optional::empty).route());
    assertEquals(503, reply.statusCode());
    assertEquals("application/problem+json", reply.headers().firstValue("Content-Type").orElse(""));
    assertTrue(reply.body().contains("metrics-disabled"), reply.body());
  }

  @Test
  void personasOwnMetricsAppearInPrometheusForm() throws Exception {
    Config config = ConfigFactory.parseString("""
        persona.metrics { enabled = true, instrumentation = false }
        kamon.metric.tick-interval = 1s
        """).withFallback(ConfigFactory.load("persona-node"));
    Telemetry.start(config);
    IngestTelemetry.ingested();
    IngestTelemetry.rejected(IngestTelemetry.Rejection.INVALID, 2);
    RecommendTelemetry.lap(RecommendTelemetry.Stage.RANKING, System.nanoTime() - 2_000_000);
    SlateLogTelemetry.dropped();
    LearningTelemetry.variant("champion", 200, 6);

    List<String> expected = List.of(
        "persona_events_ingested_total ",
        "persona_events_rejected_total{reason=\"invalid\"} ",
        "persona_recommend_stage_seconds_count{stage=\"ranking\"} ",
        "persona_prediction_log_dropped_total ",
        "persona_learning_online_ctr{variant=\"champion\"} 0.03");
    Route route = new MetricsRoutes().route();
    long deadline = System.nanoTime() + LONGEST_TICK.toNanos();
    HttpResponse<String> reply;
    do {
      reply = get(route);
      assertEquals(200, reply.statusCode(), reply.body());
      if (expected.stream().allMatch(reply.body()::contains)) {
        assertEquals("text/plain; version=0.0.4; charset=UTF-8", reply.headers().firstValue("Content-Type").orElse(""));
        return;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    String body = reply.body();
    fail("missing " + expected.stream().filter(name -> !body.contains(name)).toList() + " in:\n" + body);
  }

  private static HttpResponse<String> get(Route route) throws Exception {
    ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(route)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      URI uri = URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/metrics");
      return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } finally {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
