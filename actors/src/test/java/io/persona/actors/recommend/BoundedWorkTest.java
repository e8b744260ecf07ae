package io.persona.actors.recommend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedWorkTest {
  private final ExecutorService oneThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    oneThread.shutdownNow();
  }

  @Test
  void oneTaskPastTheBoundFailsAtOnceAndTheBoundFreesAsTasksFinish() throws Exception {
    BoundedWork work = new BoundedWork(oneThread, 3, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<Integer>> accepted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      accepted.add(work.submit(() -> {
        await(release);
        return n;
      }, queued -> { }).toCompletableFuture());
    }
    ExecutionException full = assertThrows(ExecutionException.class,
        () -> work.submit(() -> 99, queued -> { }).toCompletableFuture().get(1, TimeUnit.SECONDS));
    assertInstanceOf(RejectedExecutionException.class, full.getCause());

    release.countDown();
    for (int i = 0; i < 3; i++) {
      assertEquals(i, accepted.get(i).get(5, TimeUnit.SECONDS));
    }
    assertEquals(0, work.waiting());
    assertEquals(7, work.submit(() -> 7, queued -> { }).toCompletableFuture().get(5, TimeUnit.SECONDS));
  }

  @Test
  void aTaskThatWaitedPastItsDeadlineIsDroppedUnrun() throws Exception {
    BoundedWork work = new BoundedWork(oneThread, 10, Duration.ofMillis(200));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    CompletableFuture<Integer> first = work.submit(() -> {
      await(release);
      return ran.incrementAndGet();
    }, queued -> { }).toCompletableFuture();
    CompletableFuture<Integer> late = work.submit(ran::incrementAndGet, queued -> { }).toCompletableFuture();
    Thread.sleep(400);
    release.countDown();

    assertEquals(1, first.get(5, TimeUnit.SECONDS));
    ExecutionException dropped = assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, dropped.getCause());
    assertTrue(dropped.getCause().getMessage().contains("dropped unrun"), dropped.getCause().getMessage());
    assertEquals(1, ran.get(), "the late task never ran");
    assertEquals(0, work.waiting());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
