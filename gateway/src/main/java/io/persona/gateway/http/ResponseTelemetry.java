package io.persona.gateway.http;

import io.persona.actors.telemetry.Quietly;
import kamon.Kamon;
import kamon.metric.Counter;

/**
 * Every answer the API gives, by status: 429 and 503 on their own (the ones a client is told to
 * retry; the dashboard shows their rates), the rest by class. Counted after error handling, so
 * refusals and failures are counted as the client saw them. A request that timed out at the server
 * (pekko.http.server.request-timeout) counts its 503, and its route's late result is counted too
 * when it comes; CORS preflights are answered before the routes and not counted; a WebSocket
 * upgrade (101) counts as "other".
 */
final class ResponseTelemetry {
  private static final Counter OK = counter("2xx");
  private static final Counter CLIENT_ERROR = counter("4xx");
  private static final Counter TOO_MANY = counter("429");
  private static final Counter SERVER_ERROR = counter("5xx");
  private static final Counter UNAVAILABLE = counter("503");
  private static final Counter OTHER = counter("other");

  private ResponseTelemetry() {}

  private static Counter counter(String status) {
    return Kamon.counter("persona.http.responses",
        "Responses of the HTTP API by status: 429 and 503 alone, the rest by class (2xx, 4xx, 5xx, other)")
        .withTag("status", status);
  }

  static void answered(int status) {
    Quietly.run(() -> of(status).increment());
  }

  private static Counter of(int status) {
    if (status == 429) {
      return TOO_MANY;
    }
    if (status == 503) {
      return UNAVAILABLE;
    }
    if (status >= 200 && status < 300) {
      return OK;
    }
    if (status >= 400 && status < 500) {
      return CLIENT_ERROR;
    }
    return status >= 500 ? SERVER_ERROR : OTHER;
  }
}
