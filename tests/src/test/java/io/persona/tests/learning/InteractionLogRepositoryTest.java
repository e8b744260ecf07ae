package io.persona.tests.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.history.HistoryEvent;
import io.persona.persistence.learning.InteractionLogRepository;
import io.persona.persistence.learning.InteractionRetention;
import io.persona.tests.support.SharedCassandra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The interaction log on the real Cassandra node: exact round trip, the retention, idempotent writes. */
@ExtendWith(SharedCassandra.class)
class InteractionLogRepositoryTest {
  private static final Duration HORIZON = Duration.ofDays(90);
  private static final InteractionRetention RETENTION = new InteractionRetention(HORIZON, Duration.ofDays(365));
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
  void eventsRoundTripExactlyAndAResendOverwritesItsRow() throws Exception {
    InteractionLogRepository log = new InteractionLogRepository(session, keyspace, RETENTION);
    Instant now = Instant.now();
    String user = "history-" + UUID.randomUUID();
    List<HistoryEvent> events = List.of(
        new HistoryEvent("e1", user, "Mug / blue", "purchase", 12.5, now.minus(Duration.ofDays(80)).plusNanos(123)),
        new HistoryEvent("e2", user, "Home & Garden", "view", null, now.minusSeconds(5)),
        new HistoryEvent("e3", user, "item-3", "rating", 4.0, now.minusSeconds(1)));
    log.writeAll(events, now).toCompletableFuture().get(10, TimeUnit.SECONDS);
    log.writeAll(events.subList(0, 1), now).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertEquals(events, withoutArrivals(read(log, user, now)));
  }

  @Test
  void anImportedHistoryIsKeptWholeForAHorizon_anEventBeyondTheReachIsNotKept() throws Exception {
    InteractionLogRepository log = new InteractionLogRepository(session, keyspace, RETENTION);
    Instant now = Instant.now();
    String recentUser = "history-" + UUID.randomUUID();
    String backfillUser = "history-" + UUID.randomUUID();
    HistoryEvent recent = new HistoryEvent("recent", recentUser, "b", "view", null, now.minus(Duration.ofDays(89)));
    HistoryEvent backfill = new HistoryEvent("backfill", backfillUser, "c", "view", null,
        now.minus(Duration.ofDays(300)));
    HistoryEvent tooOld = new HistoryEvent("too-old", backfillUser, "a", "view", null, now.minus(Duration.ofDays(366)));
    log.writeAll(List.of(tooOld, backfill, recent), now).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertEquals(List.of(recent), withoutArrivals(read(log, recentUser, now)));
    assertEquals(List.of(backfill), withoutArrivals(read(log, backfillUser, now)));
    for (String user : List.of(recentUser, backfillUser)) {
      long left = ttlOf(user);
      assertTrue(left <= HORIZON.toSeconds() && left > HORIZON.minusMinutes(5).toSeconds(),
          "TTL " + left + " s should be a whole horizon after the arrival");
    }
  }

  private static long ttlOf(String user) {
    Row ttl = session.execute("SELECT TTL(item_id) FROM " + keyspace + ".interaction_log WHERE user_id = ?", user).one();
    return ttl.getInt(0);
  }

  @Test
  void theScanKeepsOnlyTheAskedTimeRange() throws Exception {
    InteractionLogRepository log = new InteractionLogRepository(session, keyspace, RETENTION);
    Instant now = Instant.now();
    String user = "history-" + UUID.randomUUID();
    HistoryEvent before = new HistoryEvent("a", user, "a", "view", null, now.minusSeconds(100));
    HistoryEvent inside = new HistoryEvent("b", user, "b", "view", null, now.minusSeconds(50));
    log.writeAll(List.of(before, inside), now).toCompletableFuture().get(10, TimeUnit.SECONDS);

    List<HistoryEvent> seen = new ArrayList<>();
    log.scan(now.minusSeconds(60), now, event -> {
      if (event.userId().equals(user)) {
        seen.add(event);
      }
    });
    assertEquals(List.of(inside), withoutArrivals(seen));
  }

  /**
   * The lines of one order share a timestamp; the producer's ids (UUIDs, say) do not sort them as
   * they came. The log gives them back in the order they were written, within a millisecond by
   * their exact time first; rows of an older release (no arrival) follow their ids, as before.
   */
  @Test
  void eventsOfOneMomentAreReadInTheOrderTheyArrived_rowsWithoutAnArrivalByTheirIds() throws Exception {
    InteractionLogRepository log = new InteractionLogRepository(session, keyspace, RETENTION);
    Instant now = Instant.now();
    Instant order = now.minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    String user = "history-" + UUID.randomUUID();
    List<HistoryEvent> lines = List.of(
        new HistoryEvent("c", user, "shirt", "purchase", null, order),
        new HistoryEvent("a", user, "tie", "purchase", null, order),
        new HistoryEvent("b", user, "cufflinks", "purchase", null, order),
        new HistoryEvent("0", user, "belt", "purchase", null, order.plusNanos(500_000)));
    log.writeAll(lines.subList(0, 2), now).toCompletableFuture().get(10, TimeUnit.SECONDS);
    log.write(lines.get(2), now).toCompletableFuture().get(10, TimeUnit.SECONDS);
    log.write(lines.get(3), now).toCompletableFuture().get(10, TimeUnit.SECONDS);
    HistoryEvent earlierInTheMillisecond = new HistoryEvent("d", user, "socks", "purchase", null,
        order.plusNanos(100_000));
    log.write(earlierInTheMillisecond, now).toCompletableFuture().get(10, TimeUnit.SECONDS);

    List<HistoryEvent> read = read(log, user, now);
    assertEquals(List.of(lines.get(0), lines.get(1), lines.get(2), earlierInTheMillisecond, lines.get(3)),
        withoutArrivals(read));
    for (int i = 1; i < 3; i++) {
      assertTrue(read.get(i).arrival() > read.get(i - 1).arrival(), "arrivals increase: " + read);
    }

    String older = "history-" + UUID.randomUUID();
    for (String id : List.of("y", "x")) {
      session.execute("INSERT INTO " + keyspace + ".interaction_log (user_id, event_time, event_id, event_time_nanos, "
          + "item_id, type) VALUES (?, ?, ?, 0, ?, 'purchase')", older, order, id, "item-" + id);
    }
    List<HistoryEvent> olderRows = read(log, older, now);
    assertEquals(List.of("x", "y"), olderRows.stream().map(HistoryEvent::eventId).toList());
    assertEquals(List.of(0L, 0L), olderRows.stream().map(HistoryEvent::arrival).toList());
  }

  @Test
  void theScanPassesEachIdAsOneInstance_soATrainerKeepingTheEventsHoldsItOnce() throws Exception {
    InteractionLogRepository log = new InteractionLogRepository(session, keyspace, RETENTION);
    Instant now = Instant.now();
    String first = "history-" + UUID.randomUUID();
    String second = "history-" + UUID.randomUUID();
    String item = "shared-" + UUID.randomUUID();
    log.writeAll(List.of(
        new HistoryEvent("s1", first, item, "purchase", null, now.minusSeconds(30)),
        new HistoryEvent("s2", first, item, "purchase", null, now.minusSeconds(20)),
        new HistoryEvent("s3", second, item, "purchase", null, now.minusSeconds(10))), now)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);

    List<HistoryEvent> seen = new ArrayList<>();
    log.scan(now.minusSeconds(60), now, event -> {
      if (event.itemId().equals(item)) {
        seen.add(event);
      }
    });

    assertEquals(3, seen.size());
    HistoryEvent a = seen.stream().filter(e -> e.eventId().equals("s1")).findFirst().orElseThrow();
    HistoryEvent b = seen.stream().filter(e -> e.eventId().equals("s2")).findFirst().orElseThrow();
    HistoryEvent c = seen.stream().filter(e -> e.eventId().equals("s3")).findFirst().orElseThrow();
    assertSame(a.userId(), b.userId(), "one user's rows share the id's instance");
    assertSame(a.itemId(), b.itemId());
    assertSame(a.itemId(), c.itemId(), "an item's id is one instance across users");
    assertSame(a.type(), c.type());
  }

  /**
   * A keyspace an older release made (no arrival column, as the export command may meet before any
   * node of this release migrated it): events are written and read, their moment in id order.
   */
  @Test
  void aKeyspaceWithoutTheArrivalColumnIsWrittenAndReadAsBefore() throws Exception {
    String older = "persona_v005_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    session.execute("CREATE KEYSPACE " + older + " WITH replication = {'class': 'SimpleStrategy', "
        + "'replication_factor': 1}");
    try {
      session.execute("CREATE TABLE " + older + ".interaction_log (user_id text, event_time timestamp, event_id text, "
          + "event_time_nanos int, item_id text, type text, value double, "
          + "PRIMARY KEY ((user_id), event_time, event_id))");
      InteractionLogRepository log = new InteractionLogRepository(session, older, RETENTION);
      Instant now = Instant.now();
      Instant order = now.minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
      List<HistoryEvent> lines = List.of(new HistoryEvent("b", "u", "tie", "purchase", null, order),
          new HistoryEvent("a", "u", "shirt", "purchase", 2.0, order));
      log.writeAll(lines, now).toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertEquals(List.of(lines.get(1), lines.get(0)), read(log, "u", now), "by id, arrival unknown (0)");
    } finally {
      session.execute("DROP KEYSPACE IF EXISTS " + older);
    }
  }

  /** The events as they were written: the arrival is the log's own number. */
  private static List<HistoryEvent> withoutArrivals(List<HistoryEvent> read) {
    return read.stream().map(event -> event.withArrival(0)).toList();
  }

  private static List<HistoryEvent> read(InteractionLogRepository log, String user, Instant now) {
    List<HistoryEvent> seen = new ArrayList<>();
    log.scan(RETENTION.oldestKept(now), now.plusSeconds(1), event -> {
      if (event.userId().equals(user)) {
        seen.add(event);
      }
    });
    return seen;
  }
}
