package io.persona.actors.recommend;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Work for a small pool, bounded twice: at most {@code maxWaiting} tasks queued or running (one
 * more fails at once with {@link RejectedExecutionException}), and a task that waited longer than
 * {@code maxWait} for a thread is dropped unrun ({@link TimeoutException}): by then its caller has
 * given up or is about to, and computing it would only delay the tasks behind it. Both failures
 * pass, so the caller answers 503 with Retry-After.
 */
final class BoundedWork {
  private final Executor executor;
  private final int maxWaiting;
  private final long maxWaitNanos;
  private final AtomicInteger waiting = new AtomicInteger();

  BoundedWork(Executor executor, int maxWaiting, Duration maxWait) {
    if (maxWaiting < 1 || maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("bounds must be positive");
    }
    this.executor = executor;
    this.maxWaiting = maxWaiting;
    this.maxWaitNanos = maxWait.toNanos();
  }

  /**
   * Runs {@code work} on the executor within the bounds.
   *
   * @param onStart told the nanoTime the task was queued at, when a thread takes it
   */
  <T> CompletionStage<T> submit(Supplier<T> work, LongConsumer onStart) {
    if (waiting.incrementAndGet() > maxWaiting) {
      waiting.decrementAndGet();
      return CompletableFuture.failedFuture(new RejectedExecutionException(
          maxWaiting + " tasks are already queued or running; this one was not queued"));
    }
    long queued = System.nanoTime();
    CompletableFuture<T> result;
    try {
      result = CompletableFuture.supplyAsync(() -> {
        onStart.accept(queued);
        long waited = System.nanoTime() - queued;
        if (waited > maxWaitNanos) {
          throw new CompletionException(new TimeoutException("waited " + waited / 1_000_000
              + " ms for a thread, longer than " + maxWaitNanos / 1_000_000 + " ms: dropped unrun"));
        }
        return work.get();
      }, executor);
    } catch (RuntimeException e) {
      waiting.decrementAndGet();
      return CompletableFuture.failedFuture(e);
    }
    return result.whenComplete((value, failure) -> waiting.decrementAndGet());
  }

  /** Tasks queued or running now. */
  int waiting() {
    return waiting.get();
  }
}
