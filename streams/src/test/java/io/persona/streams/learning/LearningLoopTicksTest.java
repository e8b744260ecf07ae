package io.persona.streams.learning;

import io.persona.actors.activity.ActivityPulse;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningLoopTicksTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ExecutorService blocking = Executors.newFixedThreadPool(2);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    blocking.shutdownNow();
  }

  private static void awaitAtLeast(AtomicInteger runs, int expected, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (runs.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void aStepWithoutCatchUpRunsOnEveryTick() throws InterruptedException {
    AtomicInteger runs = new AtomicInteger();
    ActorRef<Void> loop = testKit.spawn(LearningLoop.create(
        List.of(new LearningLoop.Step("counting", Duration.ofMillis(100), runs::incrementAndGet)), blocking));

    // it keeps ticking: ten runs at a 100 ms interval take about a second; the deadline is wide
    // because a loaded machine may handle a tick late (speed is not what this test is about)
    awaitAtLeast(runs, 10, Duration.ofSeconds(20));
    testKit.stop(loop);
    assertTrue(runs.get() >= 10, "runs at a 100 ms interval after up to 20 s: " + runs.get());
  }

  @Test
  void aStepWithCatchUpRunsEarlyOnceABurstHasSettledAndOtherwiseWaitsForItsInterval()
      throws InterruptedException {
    AtomicInteger runs = new AtomicInteger();
    ActivityPulse pulse = new ActivityPulse();
    CatchUp.Tracker tracker = new CatchUp(3, Duration.ofMillis(200)).track(pulse, System::nanoTime);
    ActorRef<Void> loop = testKit.spawn(LearningLoop.create(
        List.of(new LearningLoop.Step("retrainer", Duration.ofHours(1), runs::incrementAndGet, tracker)), blocking));

    awaitAtLeast(runs, 1, Duration.ofSeconds(5));
    assertEquals(1, runs.get(), "the first tick runs at once");
    Thread.sleep(2_500);
    assertEquals(1, runs.get(), "nothing arrived: the hour-long interval holds");

    for (int i = 0; i < 3; i++) {
      pulse.observed();
    }
    awaitAtLeast(runs, 2, Duration.ofSeconds(6)); // settled after 200 ms, seen at the next 2 s check
    testKit.stop(loop);
    assertEquals(2, runs.get(), "a settled burst of three actions runs the step early, once");
  }
}
