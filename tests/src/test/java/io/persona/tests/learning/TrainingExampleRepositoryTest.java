package io.persona.tests.learning;

import static io.persona.tests.learning.LearningRows.assertSameExamples;
import static io.persona.tests.learning.LearningRows.example;
import static io.persona.tests.learning.LearningRows.freshHour;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.learning.TrainingExample;
import io.persona.persistence.learning.TrainingExampleRepository;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Training examples on the real Cassandra node: bit-exact round trip, half-open ranges, idempotent rewrites, TTL. */
@ExtendWith(SharedCassandra.class)
class TrainingExampleRepositoryTest {
  private static final Duration TTL = Duration.ofHours(2);
  private static final Comparator<TrainingExample> ORDER = Comparator.comparing(TrainingExample::servedAt)
      .thenComparing(TrainingExample::requestId).thenComparingInt(TrainingExample::position);
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

  private static TrainingExampleRepository repository(int shards) {
    return new TrainingExampleRepository(session, keyspace, new TimeLogSettings(TTL, shards));
  }

  private static void write(TrainingExampleRepository repository, List<TrainingExample> examples) throws Exception {
    repository.writeAll(examples).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The impressions of one slate: positions 0..size-1, all served at the same instant. */
  private static List<TrainingExample> slate(String requestId, Instant servedAt, int size, long seed) {
    List<TrainingExample> examples = new ArrayList<>();
    for (int position = 0; position < size; position++) {
      examples.add(example(requestId, servedAt, position, seed * 100 + position));
    }
    return examples;
  }

  @Test
  void aTimeRangeReturnsExactlyTheExamplesServedInItBitExactAndInOrder() throws Exception {
    TrainingExampleRepository repository = repository(4);
    Instant from = freshHour().plus(Duration.ofMinutes(50)).plusNanos(250_000);
    Instant to = from.plus(Duration.ofMinutes(90));
    String run = UUID.randomUUID().toString();

    List<TrainingExample> inside = new ArrayList<>();
    inside.addAll(slate(run + "-at-from", from, 3, 1));
    // the same millisecond, one nanosecond later; and another request at the very same instant
    inside.addAll(slate(run + "-sub-ms", from.plusNanos(1), 2, 2));
    inside.addAll(slate(run + "-same-instant", from.plusNanos(1), 2, 3));
    for (int i = 0; i < 30; i++) {
      // across the hour boundary ten minutes in, every shard, microsecond parts
      inside.addAll(slate(run + "-" + i, from.plus(Duration.ofSeconds(173L * i)).plusNanos(1000L * i), 1 + i % 4,
          10 + i));
    }
    inside.addAll(slate(run + "-last", to.minusNanos(1), 2, 4));
    List<TrainingExample> outside = new ArrayList<>();
    outside.addAll(slate(run + "-just-before", from.minusNanos(1), 2, 5));
    outside.addAll(slate(run + "-at-to", to, 2, 6));
    outside.addAll(slate(run + "-hour-before", from.minus(Duration.ofHours(1)), 2, 7));
    List<TrainingExample> all = new ArrayList<>(inside);
    all.addAll(outside);
    Collections.shuffle(all, new Random(11));
    write(repository, all);

    List<TrainingExample> read = repository.read(from, to);

    inside.sort(ORDER);
    assertSameExamples(inside, read);
    assertTrue(read.stream().anyMatch(e -> e.source() == null), "a null source reads back as null");
    assertTrue(!read.get(0).servedAt().truncatedTo(ChronoUnit.HOURS)
        .equals(read.get(read.size() - 1).servedAt().truncatedTo(ChronoUnit.HOURS)), "the range spans an hour boundary");
    assertEquals(List.of(), repository.read(to, from), "an empty range reads nothing");
    // a range inside one millisecond: only the nanoseconds tell the slates apart
    assertEquals(servedAt(inside, from.plusNanos(1)), repository.read(from.plusNanos(1), from.plusNanos(2)).stream()
        .map(e -> e.requestId() + "/" + e.position()).toList());
    assertEquals(servedAt(inside, from), repository.read(from, from.plusNanos(1)).stream()
        .map(e -> e.requestId() + "/" + e.position()).toList());
  }

  @Test
  void writingTheSameExamplesAgainAddsNoRows() throws Exception {
    // One shard and one hour: 130 examples of one partition go out as batches of at most 50.
    TrainingExampleRepository repository = repository(1);
    Instant hour = freshHour();
    String run = UUID.randomUUID().toString();
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      examples.addAll(slate(run + "-" + i, hour.plusMillis(7L * i).plusNanos(i), 5, 100 + i));
    }
    write(repository, examples);
    Instant end = hour.plus(Duration.ofHours(1));
    assertEquals(130, repository.read(hour, end).size());

    write(repository, examples);
    write(repository, examples.subList(40, 90));

    assertEquals(130, repository.read(hour, end).size(), "a re-run of the same join interval overwrites");
    examples.sort(ORDER);
    assertSameExamples(examples, repository.read(hour, end));
  }

  @Test
  void everyRowCarriesTheConfiguredTtl() throws Exception {
    int shards = 4;
    TrainingExampleRepository repository = repository(shards);
    Instant servedAt = freshHour().plusSeconds(42).plusNanos(3);
    TrainingExample example = example("ttl-" + UUID.randomUUID(), servedAt, 2, 3);
    write(repository, List.of(example));

    // the partition as documented in V004: UTC hour, hash of the request id mod shards
    Row row = session.execute("SELECT TTL(user_id), TTL(source), TTL(weight), TTL(features) FROM " + keyspace
            + ".training_examples WHERE hour = ? AND shard = ? AND served_at = ? AND request_id = ? AND position = ?",
        servedAt.truncatedTo(ChronoUnit.HOURS), Math.floorMod(example.requestId().hashCode(), shards),
        servedAt.truncatedTo(ChronoUnit.MILLIS), example.requestId(), 2).one();
    assertNotNull(row, "the row is where V004 says it is");
    for (int column = 0; column < 4; column++) {
      int ttl = row.getInt(column);
      assertTrue(ttl > TTL.toSeconds() - 60 && ttl <= TTL.toSeconds(),
          "TTL of column " + column + " is " + ttl + ", configured " + TTL.toSeconds());
    }
  }

  /** The keys of the examples served at exactly {@code at}, in read order. */
  private static List<String> servedAt(List<TrainingExample> examples, Instant at) {
    return examples.stream().filter(e -> e.servedAt().equals(at)).sorted(ORDER)
        .map(e -> e.requestId() + "/" + e.position()).toList();
  }
}
