package io.persona.streams.ingest;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.servererrors.FunctionFailureException;
import com.datastax.oss.driver.api.core.servererrors.ProtocolError;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import org.apache.pekko.pattern.CircuitBreakerOpenException;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.AbruptTerminationException;
import org.apache.pekko.stream.StreamDetachedException;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * How a failure on the server is read: one that passes by itself (a timeout, Cassandra slow or
 * away, an open circuit breaker, a full queue, a stream stopped because the node is shutting down)
 * is worth the same request again later; anything else is a fault of the server that an unchanged
 * request only repeats.
 */
public final class Failures {
  private Failures() {}

  /** True when the failure, or any of its causes, is one that passes by itself. */
  public static boolean passes(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException // Pekko's AskTimeoutException included
          || t instanceof CircuitBreakerOpenException
          || t instanceof RejectedExecutionException
          // the node's streams stop when it shuts down: another node (or this one, restarted) answers
          || t instanceof AbruptTerminationException
          || t instanceof AbruptStageTerminationException
          || t instanceof StreamDetachedException
          || (t instanceof DriverException && !permanent((DriverException) t))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Driver errors that fail the same way every time: a query refused (syntax included), a value
   * without a codec, a UDF's fault, a protocol error.
   */
  private static boolean permanent(DriverException failure) {
    return failure instanceof QueryValidationException
        || failure instanceof CodecNotFoundException
        || failure instanceof FunctionFailureException
        || failure instanceof ProtocolError;
  }

  static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.toString();
  }

  /** True when the ask timed out, however many completion wrappers it came in. */
  static boolean timedOut(Throwable failure) {
    return io.persona.actors.user.AskAgain.timedOut(failure);
  }
}
