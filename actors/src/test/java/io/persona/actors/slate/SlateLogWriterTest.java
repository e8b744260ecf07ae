package io.persona.actors.slate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** The writer against in-memory writes: batching, retries, failures, overflow and closing. */
class SlateLogWriterTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static SlateLogWriterSettings settings(int buffer, int batch, Duration flush, int retries) {
    return new SlateLogWriterSettings(buffer, batch, flush, 2, retries, Duration.ofMillis(10), PATIENCE);
  }

  private static ServedSlate slate(int n) {
    return new ServedSlate("req-" + n, "user-" + n, Instant.parse("2026-03-01T10:00:00Z").plusMillis(n), "v1",
        "dcn-v2", "champion", "fp",
        List.of(new ServedItem("item-" + n, 0, "ann", 0.3, 0.2, 1.0, new float[] {1f}, new long[] {n})));
  }

  /** Remembers every slate it is given and every batch size. */
  private static final class Recording implements Function<List<ServedSlate>, CompletionStage<Void>> {
    final Set<String> requestIds = ConcurrentHashMap.newKeySet();
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletionStage<Void> apply(List<ServedSlate> batch) {
      batchSizes.add(batch.size());
      batch.forEach(s -> requestIds.add(s.requestId()));
      return CompletableFuture.completedFuture(null);
    }
  }

  private static void eventually(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + PATIENCE + ": " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void everyOfferedSlateIsWrittenInBatchesOfAtMostBatchSize() {
    Recording recording = new Recording();
    try (SlateLogWriter writer = new SlateLogWriter(testKit.system(), recording,
        settings(1000, 7, Duration.ofMillis(20), 0))) {
      for (int i = 0; i < 100; i++) {
        assertTrue(writer.offer(slate(i)));
      }
      eventually(() -> writer.counts().written() == 100, "all 100 written, counts " + writer.counts());
      assertEquals(new SlateLogWriter.Counts(100, 100, 0, 0), writer.counts());
    }
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      expected.add("req-" + i);
    }
    assertEquals(expected, recording.requestIds);
    assertTrue(recording.batchSizes.stream().allMatch(size -> size >= 1 && size <= 7), recording.batchSizes.toString());
  }

  @Test
  void closeWritesWhatIsBufferedWithoutWaitingForTheFlushInterval() {
    Recording recording = new Recording();
    SlateLogWriter writer = new SlateLogWriter(testKit.system(), recording,
        settings(1000, 1000, Duration.ofHours(1), 0));
    for (int i = 0; i < 25; i++) {
      writer.offer(slate(i));
    }
    writer.close();
    assertEquals(new SlateLogWriter.Counts(25, 25, 0, 0), writer.counts());
    assertEquals(25, recording.requestIds.size());

    assertFalse(writer.offer(slate(99)), "a closed writer takes nothing");
    assertEquals(new SlateLogWriter.Counts(26, 25, 1, 0), writer.counts());
    writer.close();
  }

  @Test
  void aFailedWriteIsRetriedAndThenCounted() {
    AtomicInteger calls = new AtomicInteger();
    Recording recording = new Recording();
    Function<List<ServedSlate>, CompletionStage<Void>> failsTwice = batch -> calls.incrementAndGet() <= 2
        ? CompletableFuture.failedFuture(new IllegalStateException("Cassandra is away"))
        : recording.apply(batch);
    try (SlateLogWriter writer = new SlateLogWriter(testKit.system(), failsTwice,
        settings(100, 10, Duration.ofMillis(20), 2))) {
      for (int i = 0; i < 5; i++) {
        writer.offer(slate(i));
      }
      eventually(() -> writer.counts().pending() == 0, "all settled, counts " + writer.counts());
      assertEquals(new SlateLogWriter.Counts(5, 5, 0, 0), writer.counts());
      assertEquals(3, calls.get(), "two failures, then the third attempt succeeds");
    }
  }

  @Test
  void aBatchThatKeepsFailingIsCountedAndTheStreamGoesOn() {
    Recording recording = new Recording();
    Function<List<ServedSlate>, CompletionStage<Void>> poisoned = batch -> {
      if (batch.stream().anyMatch(s -> s.requestId().equals("req-0"))) {
        throw new IllegalStateException("this batch can never be written");
      }
      if (batch.stream().anyMatch(s -> s.requestId().equals("req-1"))) {
        return CompletableFuture.failedFuture(new IllegalStateException("nor this one"));
      }
      return recording.apply(batch);
    };
    try (SlateLogWriter writer = new SlateLogWriter(testKit.system(), poisoned,
        settings(100, 1, Duration.ofMillis(20), 1))) {
      writer.offer(slate(0));
      writer.offer(slate(1));
      eventually(() -> writer.counts().failed() == 2, "both poisoned batches counted, counts " + writer.counts());
      for (int i = 2; i < 12; i++) {
        assertTrue(writer.offer(slate(i)));
      }
      eventually(() -> writer.counts().written() == 10, "the stream still writes, counts " + writer.counts());
      assertEquals(new SlateLogWriter.Counts(12, 10, 0, 2), writer.counts());
    }
  }

  @Test
  void aFullBufferDropsAndCountsInsteadOfBlocking() {
    CompletableFuture<Void> release = new CompletableFuture<>();
    Recording recording = new Recording();
    Function<List<ServedSlate>, CompletionStage<Void>> stalled = batch -> release.thenCompose(x -> recording.apply(batch));
    try (SlateLogWriter writer = new SlateLogWriter(testKit.system(), stalled,
        settings(2, 1, Duration.ofMillis(1), 0))) {
      int accepted = 0;
      long started = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        if (writer.offer(slate(i))) {
          accepted++;
        }
      }
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      SlateLogWriter.Counts counts = writer.counts();
      assertTrue(counts.dropped() > 0, "a stalled write with a buffer of 2 must overflow: " + counts);
      assertEquals(50 - accepted, counts.dropped(), "every false offer is one dropped slate");
      assertTrue(tookMillis < 1000, "offer never waits (50 offers took " + tookMillis + " ms)");

      release.complete(null);
      int acceptedSlates = accepted;
      eventually(() -> writer.counts().written() == acceptedSlates, "accepted slates written, " + writer.counts());
      assertEquals(new SlateLogWriter.Counts(50, accepted, 50 - accepted, 0), writer.counts());
      assertEquals(accepted, recording.requestIds.size());
    }
  }

  @Test
  void settingsComeFromTheReferenceConfiguration() {
    SlateLogWriterSettings settings = SlateLogWriterSettings.fromConfig(ConfigFactory.load());
    assertEquals(new SlateLogWriterSettings(10000, 100, Duration.ofMillis(200), 4, 2, Duration.ofMillis(500),
        Duration.ofSeconds(10)), settings);
  }
}
