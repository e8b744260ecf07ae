package io.persona.tests.support;

import java.time.Instant;

/**
 * One request of the load: when it was sent, for whom, to which node, how it was answered. A
 * failure keeps what the producer saw (status, Retry-After, content type, the start of the body)
 * so a test can check that an outage is answered as promised.
 *
 * @param failure null when the request succeeded; else why not ("HTTP 503", "rejected: ...",
 *                "HttpTimeoutException: ...")
 */
public record LoadAttempt(Instant sentAt, Kind kind, String user, int port, int events, int status, String failure,
    long latencyMillis, String retryAfter, String contentType, String body) {

  public enum Kind { EVENTS, RECOMMENDATIONS }

  public boolean ok() {
    return failure == null;
  }

  public Instant answeredAt() {
    return sentAt.plusMillis(latencyMillis);
  }

  @Override
  public String toString() {
    return sentAt + " " + kind + " " + user + " @" + port + " -> " + (ok() ? "ok" : failure) + " in "
        + latencyMillis + " ms" + (ok() ? "" : " [" + status + ", Retry-After " + retryAfter + ", " + contentType
        + "] " + body);
  }
}
