package io.persona.tests.predictions;

import static io.persona.tests.predictions.Slates.assertSameSlates;
import static io.persona.tests.predictions.Slates.freshHour;
import static io.persona.tests.predictions.Slates.slate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.ConfigFactory;
import io.persona.models.slate.ServedSlate;
import io.persona.persistence.predictions.PredictionLogRepository;
import io.persona.persistence.timelog.TimeLogSettings;
import io.persona.actors.slate.SlateLogWriter;
import io.persona.actors.slate.SlateLogWriterSettings;
import io.persona.tests.support.SharedCassandra;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The prediction log writer in front of the real Cassandra node. */
@ExtendWith(SharedCassandra.class)
class PredictionLogWriterTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static CqlSession session;
  private static PredictionLogRepository repository;

  @BeforeAll
  static void connect() {
    session = SharedCassandra.migratedSession();
    repository = new PredictionLogRepository(session, SharedCassandra.settings().keyspace(),
        TimeLogSettings.fromConfig(ConfigFactory.load(), "persona.prediction-log"));
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
    session.close();
  }

  private static List<ServedSlate> slates(Instant hour, int n) {
    String run = UUID.randomUUID().toString();
    List<ServedSlate> slates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      slates.add(slate(run + "-" + i, hour.plusMillis(7L * i).plusNanos(i), 1 + i % 5, 16, 4, i));
    }
    return slates;
  }

  private static void eventually(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + PATIENCE + ": " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void everyOfferedSlateEndsUpInCassandra() throws InterruptedException {
    Instant hour = freshHour();
    List<ServedSlate> slates = slates(hour, 250);
    SlateLogWriterSettings settings = SlateLogWriterSettings.fromConfig(ConfigFactory.load());
    try (SlateLogWriter writer = new SlateLogWriter(testKit.system(), repository, settings)) {
      for (ServedSlate slate : slates) {
        assertTrue(writer.offer(slate));
      }
      eventually(() -> writer.counts().written() == slates.size(), "all written, counts " + writer.counts());
      assertEquals(new SlateLogWriter.Counts(250, 250, 0, 0), writer.counts());
    }
    assertSameSlates(slates, repository.read(hour, hour.plus(Duration.ofHours(1))));
  }

  @Test
  void aSlowCassandraMakesAFullBufferDropInsteadOfBlocking() {
    Instant hour = freshHour();
    List<ServedSlate> slates = slates(hour, 100);
    // the real repository, each write started 300 ms late: a Cassandra that cannot keep up
    Executor late = CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS);
    Function<List<ServedSlate>, CompletionStage<Void>> slowWrite =
        batch -> CompletableFuture.runAsync(() -> {}, late).thenCompose(x -> repository.writeAll(batch));
    SlateLogWriterSettings tiny = new SlateLogWriterSettings(4, 2, Duration.ofMillis(10), 1, 0,
        Duration.ZERO, PATIENCE);

    List<ServedSlate> accepted = new ArrayList<>();
    SlateLogWriter writer = new SlateLogWriter(testKit.system(), slowWrite, tiny);
    long started = System.nanoTime();
    for (ServedSlate slate : slates) {
      if (writer.offer(slate)) {
        accepted.add(slate);
      }
    }
    long offerNanos = System.nanoTime() - started;
    SlateLogWriter.Counts afterOffers = writer.counts();
    writer.close();
    assertEquals(new SlateLogWriter.Counts(100, accepted.size(), 100 - accepted.size(), 0), writer.counts(),
        "close waited for the accepted slates");

    assertTrue(afterOffers.dropped() > 0, "a 4-slot buffer in front of a 300 ms write overflows: " + afterOffers);
    assertEquals(100 - accepted.size(), afterOffers.dropped(), "each false offer is one dropped slate");
    assertTrue(offerNanos < TimeUnit.SECONDS.toNanos(1), "100 offers took " + offerNanos / 1_000_000 + " ms");
    accepted.sort(Comparator.comparing(ServedSlate::servedAt));
    assertSameSlates(accepted, repository.read(hour, hour.plus(Duration.ofHours(1))));
  }
}
