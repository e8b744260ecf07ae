package io.persona.actors.recommend;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Where a node computes lists: requests on one bounded pool, live sockets' lists (on connect and
 * after each of the user's events) on a lane of their own (issue 16, item 3). A push then waits
 * for the pushes before it only, never behind the requests queued on the node: the user who just
 * acted is the one waiting for it. Given one executor for both, they share one queue and one
 * bound, as before the lane. Each lane is bounded as {@link BoundedWork} says.
 */
final class RecommendLanes {
  private final BoundedWork requests;
  private final BoundedWork pushes;

  RecommendLanes(Executor requestThreads, Executor pushThreads, int maxWaiting, Duration maxQueueWait) {
    this.requests = new BoundedWork(requestThreads, maxWaiting, maxQueueWait);
    this.pushes = pushThreads == requestThreads ? requests : new BoundedWork(pushThreads, maxWaiting, maxQueueWait);
  }

  <T> CompletionStage<T> request(Supplier<T> work, LongConsumer onStart) {
    return requests.submit(work, onStart);
  }

  <T> CompletionStage<T> push(Supplier<T> work, LongConsumer onStart) {
    return pushes.submit(work, onStart);
  }
}
