package io.persona.tests.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.ConfigFactory;
import io.persona.models.history.HistoryEvent;
import io.persona.models.history.HistoryModel;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.learning.HistoryModelRepository;
import io.persona.persistence.learning.InteractionLogRepository;
import io.persona.persistence.schema.SchemaMigrations;
import io.persona.streams.learning.HistorySettings;
import io.persona.streams.learning.HistoryTrainer;
import io.persona.tests.support.SharedCassandra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A history trainer that starts again (a restart, or the learning singleton moving to another
 * node) carries on from the stored model: an unchanged interaction log is not trained and published
 * again under a new version, a changed one is.
 */
@ExtendWith(SharedCassandra.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryTrainerRestartTest {
  private final String keyspace = "persona_trainer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final Instant start = Instant.parse("2026-11-02T10:00:00Z");
  private CqlSession session;
  private InteractionLogRepository interactions;
  private HistoryModelRepository models;
  private HistorySettings settings;

  @BeforeAll
  void createKeyspace() {
    session = CassandraSessions.connect(SharedCassandra.settings());
    SchemaMigrations.apply(session, keyspace, SharedCassandra.settings().replication());
    settings = HistorySettings.fromConfig(ConfigFactory.load());
    interactions = new InteractionLogRepository(session, keyspace, settings.retention());
    models = new HistoryModelRepository(session, keyspace, Duration.ofDays(30));
  }

  @AfterAll
  void dropKeyspace() {
    SharedCassandra.dropKeyspace(session, keyspace);
    session.close();
  }

  @Test
  void aRestartedTrainerPublishesAgainOnlyWhenTheHistoryChanged() throws Exception {
    write(List.of(
        new HistoryEvent("e1", "ann", "mug", "purchase", null, start),
        new HistoryEvent("e2", "ann", "teapot", "purchase", null, start.plusSeconds(1)),
        new HistoryEvent("e3", "bob", "mug", "purchase", null, start.plusSeconds(2)),
        new HistoryEvent("e4", "bob", "teapot", "purchase", null, start.plusSeconds(3))), start.plusSeconds(3));

    Optional<HistoryModel> first = trainer(start.plusSeconds(60)).retrain();
    assertTrue(first.isPresent(), "the first run on a history publishes a model");
    assertEquals(4, first.get().interactions());
    assertEquals(Optional.of(first.get().version()), models.currentVersion());

    HistoryTrainer restarted = trainer(start.plusSeconds(120));
    assertEquals(Optional.empty(), restarted.retrain(), "an unchanged history is not published again after a restart");
    assertEquals(Optional.of(first.get().version()), models.currentVersion());

    write(List.of(new HistoryEvent("e5", "cat", "mug", "purchase", null, start.plusSeconds(130))), start.plusSeconds(130));
    HistoryTrainer later = trainer(start.plusSeconds(180));
    Optional<HistoryModel> second = later.retrain();
    assertTrue(second.isPresent(), "a history that grew is published");
    assertEquals(5, second.get().interactions());
    assertEquals(Optional.of(second.get().version()), models.currentVersion());
    assertEquals(Optional.empty(), later.retrain(), "nor is it published twice");
  }

  @Test
  void aHistoryThatGainedAnOlderInteractionIsPublishedAfterARestart() throws Exception {
    // an import with original timestamps adds interactions older than the stored model's training
    Instant base = start.plus(Duration.ofDays(1));
    String user = "old-" + UUID.randomUUID();
    write(List.of(new HistoryEvent("o1", user, "kettle", "purchase", null, base)), base);
    HistoryModel stored = trainer(base.plusSeconds(60)).retrain().orElseThrow();

    write(List.of(new HistoryEvent("o2", user, "cup", "purchase", null, base.minusSeconds(3600))), base);
    Optional<HistoryModel> republished = trainer(base.plusSeconds(120)).retrain();
    assertTrue(republished.isPresent(), "one more interaction, though older, is a changed history");
    assertEquals(stored.interactions() + 1, republished.get().interactions());
  }

  private HistoryTrainer trainer(Instant now) {
    return new HistoryTrainer(interactions, models, settings, null, Clock.fixed(now, ZoneOffset.UTC));
  }

  private void write(List<HistoryEvent> events, Instant now) throws Exception {
    interactions.writeAll(events, now).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
