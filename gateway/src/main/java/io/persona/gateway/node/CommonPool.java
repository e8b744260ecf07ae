package io.persona.gateway.node;

import java.util.concurrent.ForkJoinPool;

/**
 * The JVM's common fork-join pool, which runs every continuation of a future Pekko hands to Java
 * code: Scala's {@code CompletionStage} adapter runs even {@code thenApply} asynchronously on the
 * default executor. On a machine with 2 cores the common pool's parallelism is 1, and then
 * {@code CompletableFuture} starts a new thread for every such task instead (measured on the
 * import benchmark: 9,000 threads started in 40 s, 14 % of the import rate). Widening the pool
 * must happen before anything touches it, hence the first line of each {@code main}.
 */
public final class CommonPool {
  /** The JVM property the common pool reads once, when it is first used. */
  public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /** Sets the common pool's parallelism to at least 2, unless it was set explicitly; call first in main. */
  public static void widen() {
    if (System.getProperty(PARALLELISM) == null) {
      int cores = Runtime.getRuntime().availableProcessors();
      System.setProperty(PARALLELISM, Integer.toString(Math.max(2, cores - 1)));
    }
  }

  /** Whether asynchronous continuations each start a thread of their own (the pool was used before {@link #widen}). */
  public static boolean threadPerTask() {
    return ForkJoinPool.getCommonPoolParallelism() < 2;
  }
}
