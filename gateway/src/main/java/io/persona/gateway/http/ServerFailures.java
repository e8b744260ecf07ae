package io.persona.gateway.http;

import io.persona.streams.ingest.Failures;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;

/**
 * How a request that failed on the server is answered. A failure that passes (a timeout, Cassandra
 * slow or away, an open circuit breaker, a full queue) is a 503 with Retry-After: the same request
 * may succeed later. Anything else is a fault of the server, and retrying an unchanged request only
 * repeats it: a 500 without a retry hint, whose body names an error id that the log line with the
 * stack trace carries too.
 */
public final class ServerFailures {
  private static final Logger log = LoggerFactory.getLogger(ServerFailures.class);

  private ServerFailures() {}

  /** True when the failure, or any of its causes, is one that passes by itself ({@link Failures#passes}). */
  public static boolean passes(Throwable failure) {
    return Failures.passes(failure);
  }

  /**
   * The answer to a failed request: 503 with {@code unavailableTitle} and {@code unavailableDetail}
   * when the failure passes, else a logged 500 with an error id.
   */
  public static HttpResponse answer(Throwable failure, String unavailableTitle, String unavailableDetail,
                                    Duration retryAfter) {
    if (passes(failure)) {
      return Responses.unavailable(unavailableTitle, unavailableDetail, retryAfter);
    }
    return internalError(failure);
  }

  /** A 500 problem for a fault of the server, logged once with its stack trace and an error id. */
  public static HttpResponse internalError(Throwable failure) {
    String errorId = logged(failure);
    return Responses.problem(Problem.of("internal-error", "Internal server error", 500,
        "The request failed on a fault of the server, logged with error id " + errorId
            + "; sending it again unchanged will fail the same way."));
  }

  /** Logs a fault of the server once, with its stack trace, under a new error id, and returns the id. */
  public static String logged(Throwable failure) {
    String errorId = UUID.randomUUID().toString();
    log.error("Request failed on a fault of the server, error id {}", errorId, failure);
    return errorId;
  }
}
