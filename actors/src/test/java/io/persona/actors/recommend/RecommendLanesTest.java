package io.persona.actors.recommend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendLanesTest {
  private final ExecutorService requestThread = Executors.newSingleThreadExecutor();
  private final ExecutorService pushThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    requestThread.shutdownNow();
    pushThread.shutdownNow();
  }

  @Test
  void aPushIsComputedWhileRequestsHoldEveryThreadAndMoreWait() throws Exception {
    RecommendLanes lanes = new RecommendLanes(requestThread, pushThread, 100, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<String>> requests = busyRequests(lanes, release);

    String pushed = lanes.push(() -> "push", started -> {}).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertEquals("push", pushed);
    assertTrue(requests.stream().noneMatch(CompletableFuture::isDone), "the requests were still held");
    release.countDown();
    for (CompletableFuture<String> request : requests) {
      assertEquals("request", request.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void withOnePoolForBothAPushWaitsItsTurnBehindTheRequests() throws Exception {
    RecommendLanes lanes = new RecommendLanes(requestThread, requestThread, 100, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<String>> requests = busyRequests(lanes, release);

    CompletableFuture<String> push = lanes.push(() -> "push", started -> {}).toCompletableFuture();

    Thread.sleep(200);
    assertFalse(push.isDone(), "the push ran before the requests queued ahead of it");
    release.countDown();
    assertEquals("push", push.get(5, TimeUnit.SECONDS));
    assertTrue(requests.stream().allMatch(CompletableFuture::isDone), "the requests ahead of it finished first");
  }

  @Test
  void eachLaneHasItsOwnBound() throws Exception {
    RecommendLanes lanes = new RecommendLanes(requestThread, pushThread, 3, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<String>> requests = busyRequests(lanes, release); // 3: the request lane is full

    CompletableFuture<String> refused = lanes.request(() -> "request", started -> {}).toCompletableFuture();
    String pushed = lanes.push(() -> "push", started -> {}).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertTrue(refused.isCompletedExceptionally(), "a fourth request is refused");
    assertEquals("push", pushed);
    release.countDown();
    for (CompletableFuture<String> request : requests) {
      request.get(5, TimeUnit.SECONDS);
    }
  }

  /** One request holding the request thread until {@code release}, and two more queued behind it. */
  private static List<CompletableFuture<String>> busyRequests(RecommendLanes lanes, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    List<CompletableFuture<String>> requests = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      requests.add(lanes.request(() -> {
        running.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "request";
      }, started -> {}).toCompletableFuture());
    }
    assertTrue(running.await(5, TimeUnit.SECONDS), "a request took the thread");
    return requests;
  }
}
