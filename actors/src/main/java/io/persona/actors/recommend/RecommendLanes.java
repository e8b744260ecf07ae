package io.persona.actors.recommend;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Where a node computes lists: requests, and live sockets' lists (on connect and after each of the
 * user's events), on the same threads (issue 16, item 3). With {@code pushesFirst} a free thread
 * takes the oldest waiting push before any request, so a push waits for the lists being computed
 * and the pushes before it, never behind the requests queued on the node: the user who just acted
 * is the one waiting for it. The price is the requests': under a steady stream of pushes they wait,
 * up to {@code maxQueueWait}, and are then answered 503 like any request that waited too long. No
 * thread is added: on a node short of CPU a thread of its own for pushes only competed with the
 * request threads. Without {@code pushesFirst} (the default: on 2 cores it did not make pushes
 * faster beside requests and cost the requests, README, "Serving", "Live pushes first") both wait
 * in one queue in arrival order. Each kind is bounded as {@link BoundedWork} says, apart:
 * up to {@code maxWaiting} requests and as many pushes, so a node refusing requests still pushes.
 */
final class RecommendLanes {
  private final Executor threads;
  private final Queue<Runnable> pushes = new ConcurrentLinkedQueue<>();
  private final Queue<Runnable> requests = new ConcurrentLinkedQueue<>();
  private final BoundedWork requestWork;
  private final BoundedWork pushWork;

  RecommendLanes(Executor threads, boolean pushesFirst, int maxWaiting, Duration maxQueueWait) {
    this.threads = threads;
    if (pushesFirst) {
      this.requestWork = new BoundedWork(task -> enqueue(requests, task), maxWaiting, maxQueueWait);
      this.pushWork = new BoundedWork(task -> enqueue(pushes, task), maxWaiting, maxQueueWait);
    } else {
      this.requestWork = new BoundedWork(threads, maxWaiting, maxQueueWait);
      this.pushWork = requestWork;
    }
  }

  <T> CompletionStage<T> request(Supplier<T> work, LongConsumer onStart) {
    return requestWork.submit(work, onStart);
  }

  <T> CompletionStage<T> push(Supplier<T> work, LongConsumer onStart) {
    return pushWork.submit(work, onStart);
  }

  /** One task queued, one turn on a thread: every turn runs exactly one task, a push if one waits. */
  private void enqueue(Queue<Runnable> queue, Runnable task) {
    queue.add(task);
    try {
      threads.execute(this::runNext);
    } catch (RejectedExecutionException e) {
      if (queue.remove(task)) { // no turn will come for it (a pool shutting down): not queued after all
        throw e;
      }
      // an earlier turn took this task, so one queued task now has no turn: it runs here, on the
      // submitting thread (pools reject only while they shut down, so this is the node stopping)
      runNext();
    }
  }

  private void runNext() {
    Runnable next = pushes.poll();
    if (next == null) {
      next = requests.poll();
    }
    if (next != null) {
      next.run();
    }
  }
}
