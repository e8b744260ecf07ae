package io.persona.actors.recommend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendLanesTest {
  private final ExecutorService oneThread = Executors.newSingleThreadExecutor();
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    oneThread.shutdownNow();
  }

  @Test
  void aPushWaitingBesideRequestsIsTakenFirstWhenTheThreadFrees() throws Exception {
    RecommendLanes lanes = new RecommendLanes(oneThread, true, 100, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<String>> all = busyThenQueued(lanes, release);
    all.add(lanes.push(() -> record("push 1"), started -> {}).toCompletableFuture());
    all.add(lanes.request(() -> record("request 4"), started -> {}).toCompletableFuture());
    all.add(lanes.push(() -> record("push 2"), started -> {}).toCompletableFuture());

    release.countDown();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

    assertEquals(List.of("request 1", "push 1", "push 2", "request 2", "request 3", "request 4"), ran);
  }

  @Test
  void withoutPushesFirstEveryListWaitsItsTurnInArrivalOrder() throws Exception {
    RecommendLanes lanes = new RecommendLanes(oneThread, false, 100, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<String>> all = busyThenQueued(lanes, release);
    all.add(lanes.push(() -> record("push 1"), started -> {}).toCompletableFuture());
    all.add(lanes.request(() -> record("request 4"), started -> {}).toCompletableFuture());

    release.countDown();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

    assertEquals(List.of("request 1", "request 2", "request 3", "push 1", "request 4"), ran);
  }

  @Test
  void requestsAndPushesAreBoundedApart() throws Exception {
    RecommendLanes lanes = new RecommendLanes(oneThread, true, 3, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<String>> all = busyThenQueued(lanes, release); // 3: the requests' bound

    CompletableFuture<String> refused = lanes.request(() -> record("request 4"), started -> {}).toCompletableFuture();
    all.add(lanes.push(() -> record("push 1"), started -> {}).toCompletableFuture());

    assertTrue(refused.isCompletedExceptionally(), "a fourth request is refused at once");
    release.countDown();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    assertEquals(List.of("request 1", "push 1", "request 2", "request 3"), ran);
  }

  @Test
  void manySubmittersAndThreadsRunEveryListExactlyOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    ExecutorService submitters = Executors.newFixedThreadPool(4);
    try {
      RecommendLanes lanes = new RecommendLanes(pool, true, 10_000, Duration.ofSeconds(30));
      List<CompletableFuture<String>> all = new CopyOnWriteArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> submitted = new ArrayList<>();
      for (int submitter = 0; submitter < 4; submitter++) {
        int first = submitter * 500;
        submitted.add(submitters.submit(() -> {
          go.await();
          for (int i = first; i < first + 500; i++) {
            String name = (i % 3 == 0 ? "push " : "request ") + i;
            all.add((i % 3 == 0 ? lanes.push(() -> record(name), started -> {})
                : lanes.request(() -> record(name), started -> {})).toCompletableFuture());
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> done : submitted) {
        done.get(10, TimeUnit.SECONDS);
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertEquals(2_000, ran.size());
      assertEquals(2_000, ran.stream().distinct().count());
    } finally {
      pool.shutdownNow();
      submitters.shutdownNow();
    }
  }

  @Test
  void aPoolThatRefusesTheTurnRefusesTheListAndTheBoundIsFreedAgain() throws Exception {
    Executor refusing = turn -> {
      throw new RejectedExecutionException("shutting down");
    };
    RecommendLanes lanes = new RecommendLanes(refusing, true, 1, Duration.ofSeconds(30));

    for (int attempt = 0; attempt < 3; attempt++) { // a bound of 1: a leaked count would refuse the next
      CompletableFuture<String> refused = lanes.request(() -> record("request"), started -> {}).toCompletableFuture();
      ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
      assertInstanceOf(RejectedExecutionException.class, failure.getCause());
      assertTrue(failure.getCause().getMessage().contains("shutting down"), failure.getCause().getMessage());
    }
    assertEquals(List.of(), ran);
  }

  @Test
  void aTaskWhoseTurnIsRefusedAfterAnEarlierTurnTookItStillRunsAndSoDoesTheOneLeft() throws Exception {
    // the first turn is held; the second submission's turn is refused, but only after the held turn
    // ran and (pushes first) took the push: the request it was queued for is left without a turn
    List<Runnable> held = new ArrayList<>();
    Executor refusingTheSecond = turn -> {
      if (held.isEmpty()) {
        held.add(turn);
        return;
      }
      held.get(0).run();
      throw new RejectedExecutionException("shutting down");
    };
    RecommendLanes lanes = new RecommendLanes(refusingTheSecond, true, 10, Duration.ofSeconds(30));
    CompletableFuture<String> request = lanes.request(() -> record("request"), started -> {}).toCompletableFuture();
    CompletableFuture<String> push = lanes.push(() -> record("push"), started -> {}).toCompletableFuture();

    assertEquals("push", push.get(5, TimeUnit.SECONDS));
    assertEquals("request", request.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("push", "request"), ran);
  }

  /** Request 1 holding the only thread until {@code release}, requests 2 and 3 queued behind it. */
  private List<CompletableFuture<String>> busyThenQueued(RecommendLanes lanes, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    List<CompletableFuture<String>> requests = new ArrayList<>();
    requests.add(lanes.request(() -> {
      running.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return record("request 1");
    }, started -> {}).toCompletableFuture());
    assertTrue(running.await(5, TimeUnit.SECONDS), "request 1 took the thread");
    requests.add(lanes.request(() -> record("request 2"), started -> {}).toCompletableFuture());
    requests.add(lanes.request(() -> record("request 3"), started -> {}).toCompletableFuture());
    return requests;
  }

  private String record(String name) {
    ran.add(name);
    return name;
  }
}
