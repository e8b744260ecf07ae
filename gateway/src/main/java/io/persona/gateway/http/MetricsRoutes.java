package io.persona.gateway.http;

import io.persona.gateway.telemetry.Telemetry;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text exposition (format 0.0.4) of this JVM's Kamon metrics,
 * on the node's own HTTP port. No operator key: scrapers are internal and Prometheus is rarely
 * given credentials; the numbers carry no user data. Keep the port off the public edge (or
 * filter the path there). 503 problem+json when metrics are disabled.
 */
public final class MetricsRoutes extends AllDirectives {
  static final ContentType.WithCharset PROMETHEUS_TEXT = MediaTypes.customWithOpenCharset("text", "plain",
      Map.of("version", "0.0.4"), false).toContentType(HttpCharsets.UTF_8);

  private final Supplier<Optional<String>> scrape;

  public MetricsRoutes() {
    this(Telemetry::scrape);
  }

  /** @param scrape the exposition text, empty when metrics are disabled */
  public MetricsRoutes(Supplier<Optional<String>> scrape) {
    this.scrape = scrape;
  }

  public Route route() {
    return path("metrics", () -> get(() -> complete(response())));
  }

  private HttpResponse response() {
    Optional<String> text = scrape.get();
    if (text.isEmpty()) {
      return Responses.problem(Problem.of("metrics-disabled", "Metrics are disabled", 503,
          "This node runs without metrics (persona.metrics.enabled = false, PERSONA_METRICS_ENABLED) or "
              + "without Kamon's Prometheus reporter."));
    }
    return HttpResponse.create().withEntity(HttpEntities.create(PROMETHEUS_TEXT, text.get()));
  }
}
