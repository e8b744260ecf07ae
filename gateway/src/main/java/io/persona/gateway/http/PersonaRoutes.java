package io.persona.gateway.http;

import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Duration;

/**
 * How a node's routes fit together, and the one place where every error becomes problem+json:
 * the public API and the operator endpoints under {@code /v1} (operator endpoints under
 * {@code /v1/admin}, behind the operator key), health and metrics at the root.
 */
public final class PersonaRoutes extends AllDirectives {
  private final Route route;

  /**
   * @param publicApi   the public API, or a rejecting route on nodes without the gateway role
   * @param operatorApi routes under {@code /v1/admin}; each request must present the operator key (or an admin key)
   * @param access      who may call what
   * @param cors        CORS for browser clients (outermost: errors carry its headers too)
   * @param root        health and metrics
   * @param retryAfter  the hint of every 503
   */
  public PersonaRoutes(Route publicApi, Route operatorApi, Access access, Cors cors, Route root, Duration retryAfter) {
    Route operatorRoutes = pathPrefixTest("admin", () -> access.operator(() -> operatorApi));
    // A request still unanswered at pekko.http.server.request-timeout (e.g. events queued behind a
    // Cassandra outage) gets the same 503 problem with Retry-After as any other transient failure,
    // not the server's bare default.
    this.route = cors.wrap(() -> withRequestTimeoutResponse(request -> {
          ResponseTelemetry.answered(503);
          return Responses.unavailable("Request timed out",
              "The node could not answer in time; the request may have been partly applied and is safe to resend.",
              retryAfter);
        }, () ->
        // counted as the client sees it: after exceptions and rejections became responses
        mapResponse(response -> {
          ResponseTelemetry.answered(response.status().intValue());
          return response;
        }, () ->
        handleExceptions(ErrorHandling.exceptions(retryAfter), () ->
        handleRejections(ErrorHandling.rejections(), () -> concat(
            pathPrefix("v1", () -> concat(operatorRoutes, publicApi)),
            root))))));
  }

  public Route route() {
    return route;
  }
}
