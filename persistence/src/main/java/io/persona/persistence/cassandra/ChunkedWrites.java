package io.persona.persistence.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Many independent asynchronous writes without flooding the driver: a connection takes only so
 * many requests at once and fails the rest ("busy"), so a large upsert (every item embedding
 * after a training run) goes out in chunks of that size, one chunk after the other, without
 * blocking the caller.
 */
public final class ChunkedWrites {
  private ChunkedWrites() {}

  /** How many requests the session's connections are configured to take at once. */
  public static int inFlightLimit(CqlSession session) {
    return session.getContext().getConfig().getDefaultProfile().getInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS);
  }

  /**
   * Applies {@code write} to every element, at most {@code chunk} at a time; completes with the
   * number written, or with the first failure (later chunks are then not started).
   */
  public static <T> CompletionStage<Integer> run(List<T> elements, int chunk, Function<T, CompletionStage<?>> write) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be at least 1, was " + chunk);
    }
    return from(elements, 0, chunk, write).thenApply(done -> elements.size());
  }

  private static <T> CompletionStage<Void> from(List<T> elements, int start, int chunk,
                                                Function<T, CompletionStage<?>> write) {
    if (start >= elements.size()) {
      return CompletableFuture.completedFuture(null);
    }
    int end = Math.min(elements.size(), start + chunk);
    CompletableFuture<?>[] writes = elements.subList(start, end).stream()
        .map(element -> write.apply(element).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(writes).thenCompose(done -> from(elements, end, chunk, write));
  }
}
