package io.persona.persistence.cassandra;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Blocking on the driver's asynchronous calls, for the jobs that may block (training, analysis, registration). */
public final class DriverFutures {
  private DriverFutures() {}

  /**
   * Waits for {@code stage}, rethrowing the driver's own exception (a timeout, an unavailable
   * replica) rather than the CompletionException around it, so callers and logs see the cause.
   */
  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
