package io.persona.tests.learning;

import static io.persona.tests.learning.LearningRows.freshHour;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.learning.Outcome;
import io.persona.persistence.learning.OutcomeLogRepository;
import io.persona.persistence.timelog.TimeLogSettings;
import io.persona.tests.support.SharedCassandra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The outcome log on the real Cassandra node: exact round trip, half-open time ranges, TTL. */
@ExtendWith(SharedCassandra.class)
class OutcomeLogRepositoryTest {
  private static final Duration TTL = Duration.ofHours(3);
  private static CqlSession session;
  private static String keyspace;

  @BeforeAll
  static void connect() {
    keyspace = SharedCassandra.settings().keyspace();
    session = SharedCassandra.migratedSession();
  }

  @AfterAll
  static void disconnect() {
    session.close();
  }

  private static OutcomeLogRepository repository(int shards) {
    return new OutcomeLogRepository(session, keyspace, new TimeLogSettings(TTL, shards));
  }

  private static void write(OutcomeLogRepository repository, List<Outcome> outcomes) throws Exception {
    CompletableFuture.allOf(outcomes.stream().map(o -> repository.write(o).toCompletableFuture())
        .toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  private static Outcome outcome(String eventId, Instant recordedAt, int i) {
    return new Outcome(eventId, "user-" + (i % 11), "item-" + i, i % 3 == 0 ? "purchase" : "click",
        i % 4 == 0 ? null : "request-" + i, recordedAt.minusMillis(1000L + i).minusNanos(i), recordedAt);
  }

  @Test
  void aTimeRangeReturnsExactlyTheOutcomesRecordedInItInOrder() throws Exception {
    OutcomeLogRepository repository = repository(4);
    Instant from = freshHour().plus(Duration.ofMinutes(40)).plusNanos(500_000);
    Instant to = from.plus(Duration.ofHours(2));
    String run = UUID.randomUUID().toString();

    List<Outcome> inside = new ArrayList<>();
    inside.add(outcome(run + "-at-from", from, 1));
    // the same millisecond, one nanosecond apart; and the same instant, told apart by event id
    inside.add(outcome(run + "-sub-ms", from.plusNanos(1), 2));
    inside.add(outcome(run + "-same-b", from.plusSeconds(3), 3));
    inside.add(outcome(run + "-same-a", from.plusSeconds(3), 4));
    for (int i = 0; i < 40; i++) {
      // spread over three hour buckets and every shard, with microsecond parts
      inside.add(outcome(run + "-" + i, from.plus(Duration.ofSeconds(177L * i)).plusNanos(1000L * i), 10 + i));
    }
    inside.add(outcome(run + "-last", to.minusNanos(1), 5));
    List<Outcome> outside = List.of(
        outcome(run + "-just-before", from.minusNanos(1), 6),
        outcome(run + "-at-to", to, 7),
        outcome(run + "-hour-before", from.minus(Duration.ofHours(1)), 8),
        outcome(run + "-hour-after", to.plus(Duration.ofMinutes(30)), 9));
    List<Outcome> all = new ArrayList<>(inside);
    all.addAll(outside);
    write(repository, all);

    List<Outcome> read = repository.read(from, to);

    inside.sort(Comparator.comparing(Outcome::recordedAt).thenComparing(Outcome::eventId));
    assertEquals(inside, read, "every field exact, both instants to the nanosecond, nulls kept");
    assertTrue(read.stream().anyMatch(o -> o.requestId() == null));
    assertEquals(List.of(), repository.read(to, from), "an empty range reads nothing");
    // a range inside one millisecond: only the nanoseconds tell the two outcomes apart
    assertEquals(inside.stream().filter(o -> o.recordedAt().equals(from.plusNanos(1))).toList(),
        repository.read(from.plusNanos(1), from.plusNanos(2)));
    assertEquals(1, repository.read(from.plusNanos(1), from.plusNanos(2)).size());
  }

  @Test
  void writingAnOutcomeAgainOverwritesItInsteadOfAddingARow() throws Exception {
    OutcomeLogRepository repository = repository(4);
    Instant recordedAt = freshHour().plusSeconds(10).plusNanos(7);
    Outcome outcome = outcome("again-" + UUID.randomUUID(), recordedAt, 1);
    write(repository, List.of(outcome));
    write(repository, List.of(outcome, outcome));

    assertEquals(List.of(outcome), repository.read(recordedAt, recordedAt.plusSeconds(1)));
  }

  @Test
  void everyRowCarriesTheConfiguredTtl() throws Exception {
    int shards = 4;
    OutcomeLogRepository repository = repository(shards);
    Instant recordedAt = freshHour().plusSeconds(42);
    Outcome outcome = outcome("ttl-" + UUID.randomUUID(), recordedAt, 5);
    write(repository, List.of(outcome));

    // the partition as documented in V004: UTC hour, hash of the user id mod shards
    Row row = session.execute("SELECT TTL(user_id), TTL(type), TTL(request_id), TTL(event_time) FROM " + keyspace
            + ".outcome_log WHERE hour = ? AND shard = ? AND recorded_at = ? AND event_id = ?",
        recordedAt.truncatedTo(ChronoUnit.HOURS), Math.floorMod(outcome.userId().hashCode(), shards),
        recordedAt.truncatedTo(ChronoUnit.MILLIS), outcome.eventId()).one();
    assertNotNull(row, "the row is where V004 says it is");
    for (int column = 0; column < 4; column++) {
      int ttl = row.getInt(column);
      assertTrue(ttl > TTL.toSeconds() - 60 && ttl <= TTL.toSeconds(),
          "TTL of column " + column + " is " + ttl + ", configured " + TTL.toSeconds());
    }
  }
}
