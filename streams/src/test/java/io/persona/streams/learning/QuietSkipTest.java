package io.persona.streams.learning;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QuietSkipTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final Duration RECHECK = Duration.ofMinutes(30);

  /** The node's observations on a test clock: actions counted, the newest one's time. */
  private static final class Node {
    long now = 60 * MINUTE;
    long actions;
    long lastActionAt;

    void act() {
      actions++;
      lastActionAt = now;
    }

    void pass(long nanos) {
      now += nanos;
    }

    QuietSkip quietSkip(Duration recheck) {
      return new QuietSkip(() -> actions, () -> lastActionAt, SETTLE, recheck, () -> now);
    }
  }

  /** A retrainer that counts its runs. */
  private static final class Retrainer {
    final AtomicInteger runs = new AtomicInteger();
    boolean failing;

    Optional<String> retrain() {
      runs.incrementAndGet();
      if (failing) {
        throw new IllegalStateException("Cassandra is away");
      }
      return Optional.of("model " + runs.get());
    }
  }

  @Test
  void aQuietNodeSkipsUntilAnActionArrives() {
    Node node = new Node();
    Retrainer retrainer = new Retrainer();
    QuietSkip quiet = node.quietSkip(RECHECK);
    Supplier<Optional<String>> run = quiet.around(retrainer::retrain);

    assertEquals(Optional.of("model 1"), run.get(), "the first run always goes ahead");
    for (int minute = 2; minute <= 20; minute += 2) {
      node.pass(2 * MINUTE);
      assertEquals(Optional.empty(), run.get(), "nothing arrived: minute " + minute + " is skipped");
    }
    assertEquals(1, retrainer.runs.get());
    assertEquals(10, quiet.skipped());

    node.act();
    node.pass(MINUTE);
    assertEquals(Optional.of("model 2"), run.get(), "a user acted: the log may have changed");
    node.pass(2 * MINUTE);
    assertEquals(Optional.empty(), run.get(), "and nothing since");
    assertEquals(2, retrainer.runs.get());
  }

  @Test
  void aQuietNodeStillRunsEveryRecheck() {
    Node node = new Node();
    Retrainer retrainer = new Retrainer();
    Supplier<Optional<String>> run = node.quietSkip(RECHECK).around(retrainer::retrain);

    run.get();
    node.pass(29 * MINUTE);
    run.get();
    assertEquals(1, retrainer.runs.get());
    node.pass(MINUTE);
    run.get();
    assertEquals(2, retrainer.runs.get(), "rows expire and deleted users' rows go without an action: rechecked");
    node.pass(10 * MINUTE);
    run.get();
    assertEquals(2, retrainer.runs.get(), "the next recheck counts from that run");
  }

  @Test
  void anActionObservedWithinTheSettleIsReadAgainByTheNextRun() {
    Node node = new Node();
    Retrainer retrainer = new Retrainer();
    Supplier<Optional<String>> run = node.quietSkip(RECHECK).around(retrainer::retrain);
    run.get();

    node.act();
    node.pass(2 * SECOND); // the action's log row is written after the action is published
    run.get();
    assertEquals(2, retrainer.runs.get(), "an action arrived: a run");
    node.pass(2 * SECOND);
    run.get();
    assertEquals(3, retrainer.runs.get(), "the run before may have missed the action's row: once more");
    node.pass(30 * SECOND);
    run.get();
    assertEquals(4, retrainer.runs.get(), "the same change, read by a run that started after its settle");
    node.pass(MINUTE);
    run.get();
    assertEquals(4, retrainer.runs.get(), "read: quiet from here on");
  }

  @Test
  void anActionDuringARunMakesTheNextRunGoAhead() {
    Node node = new Node();
    AtomicInteger runs = new AtomicInteger();
    Supplier<Optional<Integer>> run = node.quietSkip(RECHECK).around(() -> {
      node.act(); // arrives while the run reads the log: it may have missed it
      return Optional.of(runs.incrementAndGet());
    });

    run.get();
    node.pass(2 * MINUTE);
    assertEquals(Optional.of(2), run.get());
  }

  @Test
  void aFailedRunIsTriedAgainAtTheNextTickEvenWhenQuiet() {
    Node node = new Node();
    Retrainer retrainer = new Retrainer();
    Supplier<Optional<String>> run = node.quietSkip(RECHECK).around(retrainer::retrain);

    retrainer.failing = true;
    assertThrows(IllegalStateException.class, run::get);
    retrainer.failing = false;
    node.pass(2 * MINUTE);
    assertEquals(Optional.of("model 2"), run.get(), "the failed run read nothing");
    node.pass(2 * MINUTE);
    assertEquals(Optional.empty(), run.get());
  }

  @Test
  void anyObservedChangeCountsNotOnlyActions() {
    Node node = new Node();
    long[] catalogMembership = {100};
    Retrainer retrainer = new Retrainer();
    Supplier<Optional<String>> run = new QuietSkip(() -> List.of(node.actions, catalogMembership[0]),
        () -> node.lastActionAt, SETTLE, RECHECK, () -> node.now).around(retrainer::retrain);

    run.get();
    node.pass(5 * MINUTE);
    run.get();
    assertEquals(1, retrainer.runs.get());
    catalogMembership[0]++; // items imported after their events: now they can be given vectors
    node.pass(5 * MINUTE);
    run.get();
    assertEquals(2, retrainer.runs.get());
  }

  @Test
  void aRecheckOfZeroRunsEveryTime() {
    Node node = new Node();
    Retrainer retrainer = new Retrainer();
    Supplier<Optional<String>> run = node.quietSkip(Duration.ZERO).around(retrainer::retrain);
    for (int i = 0; i < 5; i++) {
      node.pass(MINUTE);
      run.get();
    }
    assertEquals(5, retrainer.runs.get(), "quiet-recheck = 0s: every interval runs, as before the skip");
  }

  @Test
  void aNegativeRecheckOrSettleIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new QuietSkip(() -> 0L, () -> 0L, SETTLE, Duration.ofMinutes(-1), System::nanoTime));
    assertThrows(IllegalArgumentException.class,
        () -> new QuietSkip(() -> 0L, () -> 0L, Duration.ofSeconds(-1), RECHECK, System::nanoTime));
  }
}
