package io.persona.actors.user;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An ask of a user entity that is asked once more when the first times out, both within the one
 * timeout the caller has: two asks of half of it each. Cluster Sharding delivers at most once, and
 * a message that reaches a shard while it is handed off to another node (a node joining or leaving)
 * can be dropped: the caller would fail a request for a hand-off that went as planned. The second
 * ask finds the shard at its new home. Only for asks that may be answered twice: reads, and writes
 * that are idempotent (recording is, by eventId).
 */
public final class AskAgain {
  private AskAgain() {}

  /**
   * @param timeout the whole time the caller may wait
   * @param ask     asks the entity, timing out after the duration it is given
   * @param onRetry called when the first ask timed out and the second is sent (a metric)
   */
  public static <T> CompletionStage<T> onTimeout(Duration timeout, Function<Duration, CompletionStage<T>> ask,
                                                 Runnable onRetry) {
    Duration attempt = timeout.dividedBy(2);
    return ask.apply(attempt)
        .handle((result, failure) -> {
          if (failure == null) {
            return CompletableFuture.completedFuture(result);
          }
          if (!timedOut(failure)) {
            return CompletableFuture.<T>failedFuture(failure);
          }
          onRetry.run();
          return ask.apply(attempt);
        })
        .thenCompose(next -> next);
  }

  /** True when an ask timed out, however many completion wrappers the failure came in. */
  public static boolean timedOut(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof java.util.concurrent.TimeoutException;
  }
}
