package io.persona.streams.learning;

import io.persona.actors.activity.ActivityPulse;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningLoopTicksTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Executor blocking = Executors.newFixedThreadPool(2);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
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

    Thread.sleep(1_050);
    testKit.stop(loop);

    // ticks at 0, 100, ..., 1000 ms: 11; a tick handled late must not cost the next one
    assertTrue(runs.get() >= 9, "runs in 1.05 s at a 100 ms interval: " + runs.get());
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
