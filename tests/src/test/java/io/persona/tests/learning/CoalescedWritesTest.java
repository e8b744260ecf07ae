package io.persona.tests.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.persona.models.history.HistoryEvent;
import io.persona.models.learning.Outcome;
import io.persona.persistence.cassandra.CoalescedWrites;
import io.persona.persistence.learning.InteractionLogRepository;
import io.persona.persistence.learning.InteractionRetention;
import io.persona.persistence.learning.OutcomeLogRepository;
import io.persona.persistence.timelog.TimeLogSettings;
import io.persona.tests.support.SharedCassandra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Ingest's one-row log writes joined into batches, on the real Cassandra node: every row of
 * every caller is written exactly, in a tenth of the requests; a lone row waits no longer than
 * the linger; a batch that fails fails each write in it.
 */
@ExtendWith(SharedCassandra.class)
class CoalescedWritesTest {
  private static final InteractionRetention RETENTION = new InteractionRetention(Duration.ofDays(90), Duration.ofDays(365));
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

  @Test
  void aHundredEventsOfAHundredUsersAreWrittenExactlyInTenRequests() throws Exception {
    // a linger far longer than the writes take to arrive: only full batches are sent
    CoalescedWrites writes = new CoalescedWrites(session, 10, Duration.ofSeconds(30));
    InteractionLogRepository log = new InteractionLogRepository(session, keyspace, RETENTION, writes);
    Instant now = Instant.now();
    String run = UUID.randomUUID().toString();
    List<HistoryEvent> events = IntStream.range(0, 100)
        .mapToObj(i -> new HistoryEvent(run + "-e" + i, run + "-u" + i, "item-" + (i % 7), i % 2 == 0 ? "view" : "purchase",
            i % 3 == 0 ? 2.5 : null, now.minusSeconds(100 - i).plusNanos(i)))
        .toList();

    assertEquals(events, writeAtOnceAndReadBack(log, events, now, run));
    assertEquals(10, writes.requestsSent(), "ten batches of ten rows");
  }

  @Test
  void outcomesOfManyUsersComeBackExactly_aLoneOneIsSentOnceTheLingerIsOver() throws Exception {
    // a linger far longer than the writes take to arrive: only full batches are sent
    CoalescedWrites writes = new CoalescedWrites(session, 10, Duration.ofSeconds(30));
    TimeLogSettings store = new TimeLogSettings(Duration.ofHours(3), 4);
    OutcomeLogRepository outcomes = new OutcomeLogRepository(session, keyspace, store, writes);
    Instant from = Instant.now().minus(Duration.ofMinutes(30));
    String run = UUID.randomUUID().toString();
    List<Outcome> expected = IntStream.range(0, 20)
        .mapToObj(i -> new Outcome(run + "-e" + i, run + "-u" + i, "item-" + i, "purchase", i % 2 == 0 ? "r-" + i : null,
            from.plusMillis(i).minusSeconds(5), from.plusMillis(i)))
        .toList();

    List<CompletableFuture<Void>> written = expected.stream().map(o -> outcomes.write(o).toCompletableFuture()).toList();
    CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertEquals(2, writes.requestsSent(), "two batches of ten");

    CoalescedWrites shortLinger = new CoalescedWrites(session, 10, Duration.ofMillis(50));
    Outcome lone = new Outcome(run + "-lone", run + "-lone", "item-x", "click", null, from.plusSeconds(1), from.plusSeconds(2));
    new OutcomeLogRepository(session, keyspace, store, shortLinger).write(lone).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertEquals(1, shortLinger.requestsSent(), "a lone write goes alone once the linger is over");

    List<Outcome> read = outcomes.read(from, from.plusSeconds(3)).stream()
        .filter(o -> o.eventId().startsWith(run)).toList();
    List<Outcome> all = new ArrayList<>(expected);
    all.add(lone);
    assertEquals(Set.copyOf(all), Set.copyOf(read));
    assertEquals(all.size(), read.size());
  }

  @Test
  void rowsWithLongIdsGoInSmallerBatches_underCassandrasBatchSizeWarning() throws Exception {
    CoalescedWrites writes = new CoalescedWrites(session, 10, Duration.ofSeconds(30));
    InteractionLogRepository log = new InteractionLogRepository(session, keyspace, RETENTION, writes);
    Instant now = Instant.now();
    String run = UUID.randomUUID().toString();
    String longPart = "é".repeat(120); // 240 bytes in UTF-8; three such ids make a row of ~824 bytes of values
    List<HistoryEvent> events = IntStream.range(0, 10)
        .mapToObj(i -> new HistoryEvent(run + "-e" + i + longPart, run + "-u" + i + longPart, "item-" + i + longPart,
            "view", null, now.minusSeconds(10 - i)))
        .toList();

    assertEquals(events, writeAtOnceAndReadBack(log, events, now, run));
    assertEquals(4, writes.requestsSent(), "three such rows fit within 3 KiB of values: 3 + 3 + 3 + 1");
  }

  /** Writes every event one call each, all at once; then the run's rows of the last 200 s, in time order. */
  private static List<HistoryEvent> writeAtOnceAndReadBack(InteractionLogRepository log, List<HistoryEvent> events,
                                                           Instant now, String run) throws Exception {
    List<CompletableFuture<Void>> written = events.stream().map(e -> log.write(e, now).toCompletableFuture()).toList();
    CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    List<HistoryEvent> read = new ArrayList<>();
    log.scan(now.minusSeconds(200), now.plusSeconds(1), event -> {
      if (event.userId().startsWith(run)) {
        read.add(event.withArrival(0)); // the arrival is the log's own number
      }
    });
    read.sort(Comparator.comparing(HistoryEvent::time));
    return read;
  }

  @Test
  void aBatchThatFailsFailsEveryWriteInIt() throws Exception {
    String table = keyspace + ".coalesced_" + UUID.randomUUID().toString().replace("-", "");
    session.execute("CREATE TABLE " + table + " (id text PRIMARY KEY, value int)");
    PreparedStatement insert = session.prepare("INSERT INTO " + table + " (id, value) VALUES (?, ?)");
    CoalescedWrites writes = new CoalescedWrites(session, 3, Duration.ofSeconds(30));
    session.execute("DROP TABLE " + table);

    List<CompletableFuture<Void>> written = IntStream.range(0, 3)
        .mapToObj(i -> writes.write(List.<BoundStatement>of(insert.bind("row-" + i, i))).toCompletableFuture())
        .toList();

    Set<Throwable> causes = new HashSet<>();
    for (CompletableFuture<Void> write : written) {
      causes.add(assertThrows(ExecutionException.class, () -> write.get(30, TimeUnit.SECONDS)).getCause());
    }
    assertEquals(1, causes.size(), "each write failed with its batch: " + causes);
    assertEquals(1, writes.requestsSent(), "the three rows went as one batch");
  }

  @Test
  void aBatchOfOneSendsEveryRowOnItsOwn() throws Exception {
    CoalescedWrites writes = new CoalescedWrites(session, 1, Duration.ofSeconds(30));
    InteractionLogRepository log = new InteractionLogRepository(session, keyspace, RETENTION, writes);
    Instant now = Instant.now();
    String user = "alone-" + UUID.randomUUID();
    List<HistoryEvent> events = IntStream.range(0, 4)
        .mapToObj(i -> new HistoryEvent(user + "-" + i, user, "item-" + i, "view", null, now.minusSeconds(10 - i)))
        .toList();
    for (HistoryEvent event : events) {
      log.write(event, now).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertEquals(4, writes.requestsSent());
    List<HistoryEvent> read = new ArrayList<>();
    log.scan(now.minusSeconds(60), now.plusSeconds(1), event -> {
      if (event.userId().equals(user)) {
        read.add(event.withArrival(0)); // the arrival is the log's own number
      }
    });
    assertEquals(events, read.stream().sorted(Comparator.comparing(HistoryEvent::time)).collect(Collectors.toList()));
  }
}
