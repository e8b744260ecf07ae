package io.persona.tests.predictions;

import static io.persona.tests.predictions.Slates.assertSameSlate;
import static io.persona.tests.predictions.Slates.assertSameSlates;
import static io.persona.tests.predictions.Slates.freshHour;
import static io.persona.tests.predictions.Slates.slate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.slate.ServedSlate;
import io.persona.persistence.predictions.PredictionLogRepository;
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
import java.util.concurrent.TimeUnit;

/** The prediction log on the real Cassandra node: exact round trip, time ranges, TTL. */
@ExtendWith(SharedCassandra.class)
class PredictionLogRepositoryTest {
  private static final Duration TTL = Duration.ofHours(2);
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

  private static PredictionLogRepository repository(int shards) {
    return new PredictionLogRepository(session, keyspace, new TimeLogSettings(TTL, shards));
  }

  private static void write(PredictionLogRepository repository, List<ServedSlate> slates) throws Exception {
    repository.writeAll(slates).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aTimeRangeReturnsExactlyTheSlatesServedInItCompleteAndInOrder() throws Exception {
    PredictionLogRepository repository = repository(4);
    Instant from = freshHour().plus(Duration.ofMinutes(40)).plusNanos(500_000);
    Instant to = from.plus(Duration.ofHours(2));
    String run = UUID.randomUUID().toString();

    List<ServedSlate> inside = new ArrayList<>();
    inside.add(slate(run + "-at-from", from, 5, 12, 4, 1));
    // the same millisecond as another slate, one nanosecond apart
    inside.add(slate(run + "-sub-ms", from.plusNanos(1), 3, 12, 4, 2));
    for (int i = 0; i < 40; i++) {
      // spread over three hour buckets and every shard, with microsecond parts
      Instant servedAt = from.plus(Duration.ofSeconds(177L * i)).plusNanos(1000L * i);
      inside.add(slate(run + "-" + i, servedAt, 1 + i % 7, 12, 4, 100 + i));
    }
    inside.add(slate(run + "-empty", from.plusSeconds(5), 0, 12, 4, 3));
    inside.add(slate(run + "-last", to.minusNanos(1), 2, 12, 4, 4));
    List<ServedSlate> outside = List.of(
        slate(run + "-just-before", from.minusNanos(1), 2, 12, 4, 5),
        slate(run + "-at-to", to, 2, 12, 4, 6),
        slate(run + "-hour-before", from.minus(Duration.ofHours(1)), 2, 12, 4, 7),
        slate(run + "-hour-after", to.plus(Duration.ofMinutes(30)), 2, 12, 4, 8));
    List<ServedSlate> all = new ArrayList<>(inside);
    all.addAll(outside);
    write(repository, all);

    List<ServedSlate> read = repository.read(from, to);

    inside.sort(Comparator.comparing(ServedSlate::servedAt).thenComparing(ServedSlate::requestId));
    assertSameSlates(inside, read);
    assertEquals(List.of(), repository.read(to, from), "an empty range reads nothing");
  }

  @Test
  void writingASlateAgainOverwritesItInsteadOfAddingARow() throws Exception {
    PredictionLogRepository repository = repository(4);
    Instant servedAt = freshHour().plusSeconds(10);
    ServedSlate slate = slate("again-" + UUID.randomUUID(), servedAt, 3, 8, 2, 21);
    write(repository, List.of(slate));
    write(repository, List.of(slate, slate));

    List<ServedSlate> read = repository.read(servedAt, servedAt.plusSeconds(1));
    assertEquals(1, read.size());
    assertSameSlate(slate, read.get(0));
  }

  @Test
  void everyRowCarriesTheConfiguredTtl() throws Exception {
    int shards = 4;
    PredictionLogRepository repository = repository(shards);
    Instant servedAt = freshHour().plusSeconds(42);
    ServedSlate slate = slate("ttl-" + UUID.randomUUID(), servedAt, 3, 8, 2, 31);
    write(repository, List.of(slate));

    // the partition as documented in V003: UTC hour, hash of the request id mod shards
    Row row = session.execute("SELECT TTL(user_id), TTL(features), TTL(item_ids), TTL(propensities) FROM " + keyspace
            + ".prediction_log WHERE hour = ? AND shard = ? AND served_at = ? AND request_id = ?",
        servedAt.truncatedTo(ChronoUnit.HOURS), Math.floorMod(slate.requestId().hashCode(), shards),
        servedAt.truncatedTo(ChronoUnit.MILLIS), slate.requestId()).one();
    assertNotNull(row, "the row is where V003 says it is");
    for (int column = 0; column < 4; column++) {
      int ttl = row.getInt(column);
      assertTrue(ttl > TTL.toSeconds() - 60 && ttl <= TTL.toSeconds(),
          "TTL of column " + column + " is " + ttl + ", configured " + TTL.toSeconds());
    }
  }

  @Test
  void oneLargeBatchIntoOnePartitionIsWrittenWhole() throws Exception {
    // One shard and one hour: 100 slates of 20 items x 64 floats (~1 MB) become a single
    // unlogged batch, i.e. one mutation, which Cassandra's batch size limits do not apply to.
    PredictionLogRepository repository = repository(1);
    Instant hour = freshHour();
    String run = UUID.randomUUID().toString();
    List<ServedSlate> slates = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      slates.add(slate(run + "-" + String.format("%03d", i), hour.plusMillis(10L * i), 20, 64, 16, 1000 + i));
    }
    write(repository, slates);

    List<ServedSlate> read = repository.read(hour, hour.plus(Duration.ofHours(1)));
    assertSameSlates(slates, read);
    assertEquals(20 * 64, read.get(99).items().stream().mapToInt(item -> item.dense().length).sum());
  }
}
