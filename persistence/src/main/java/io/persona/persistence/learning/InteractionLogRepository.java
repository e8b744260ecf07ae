package io.persona.persistence.learning;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import io.persona.models.history.HistoryEvent;
import io.persona.models.history.SharedIds;
import io.persona.persistence.cassandra.CoalescedWrites;
import io.persona.persistence.timelog.NanoTimestamp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The interaction log ({@code <keyspace>.interaction_log}, migration V005): every event that
 * teaches, by user, for as long as {@link InteractionRetention} says. Written by ingest after the
 * journal confirmed an event; read whole by the history trainer. Each row carries where it came
 * among the node's writes ({@link ArrivalClock}), so that a user's events of one moment are read back
 * in the order they came in.
 */
public final class InteractionLogRepository {
  /** Rows of one user per batch: one partition, so one mutation, kept well below batch limits. */
  private static final int MAX_BATCH = 100;
  private static final int PAGE = 5000;
  /** Bind positions in {@code insert}: the value, then the arrival where the table has it (the TTL after it). */
  private static final int VALUE = 6;
  private static final int ARRIVAL = 7;

  private final CqlSession session;
  private final InteractionRetention retention;
  private final PreparedStatement insert;
  private final PreparedStatement selectAll;
  private final CoalescedWrites coalesced; // null: each write sends its own requests
  private final boolean arrivals;

  /** @param retention how long an interaction is kept */
  public InteractionLogRepository(CqlSession session, String keyspace, InteractionRetention retention) {
    this(session, keyspace, retention, null);
  }

  /**
   * @param retention how long an interaction is kept
   * @param coalesced where one event at a time ({@link #write}) joins other small writes; null for none
   */
  public InteractionLogRepository(CqlSession session, String keyspace, InteractionRetention retention,
                                  CoalescedWrites coalesced) {
    this.coalesced = coalesced;
    this.session = session;
    this.retention = retention;
    // a keyspace not migrated yet (the export command run against an older release's) has no arrivals
    this.arrivals = hasArrivals(session, keyspace);
    String columns = "user_id, event_time, event_id, event_time_nanos, item_id, type, value"
        + (arrivals ? ", arrival" : "");
    this.insert = session.prepare("INSERT INTO " + keyspace + ".interaction_log (" + columns + ") VALUES (?, ?, ?, ?, "
        + "?, ?, ?" + (arrivals ? ", ?" : "") + ") USING TTL ?");
    this.selectAll = session.prepare("SELECT " + columns + " FROM " + keyspace + ".interaction_log");
  }

  /**
   * Writes one event (a live one, as it is acknowledged) if the retention keeps it at {@code now},
   * joined with other small writes where the repository has {@link CoalescedWrites}. Idempotent.
   */
  public CompletionStage<Void> write(HistoryEvent event, Instant now) {
    if (coalesced == null) {
      return writeAll(List.of(event), now);
    }
    OptionalLong ttl = retention.ttlSeconds(event.time(), now);
    return ttl.isEmpty() ? CompletableFuture.completedFuture(null)
        : coalesced.write(List.of(bind(event, (int) Math.min(ttl.getAsLong(), Integer.MAX_VALUE))));
  }

  /**
   * Writes every event the retention keeps at {@code now} (the others are skipped), grouped by user
   * into unlogged single-partition batches; events arrive in the order given. Idempotent.
   */
  public CompletionStage<Void> writeAll(List<HistoryEvent> events, Instant now) {
    Map<String, List<BoundStatement>> byUser = new LinkedHashMap<>();
    for (HistoryEvent event : events) {
      OptionalLong ttl = retention.ttlSeconds(event.time(), now);
      if (ttl.isEmpty()) {
        continue;
      }
      byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(bind(event, (int) Math.min(
          ttl.getAsLong(), Integer.MAX_VALUE)));
    }
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (List<BoundStatement> statements : byUser.values()) {
      for (int start = 0; start < statements.size(); start += MAX_BATCH) {
        List<BoundStatement> batch = statements.subList(start, Math.min(statements.size(), start + MAX_BATCH));
        writes.add(session.executeAsync(batch.size() == 1 ? batch.get(0)
            : BatchStatement.newInstance(DefaultBatchType.UNLOGGED).addAll(batch).setIdempotent(true))
            .toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /**
   * The row of {@code event}, numbered as it arrives now: a resent event's row gets its new arrival
   * (it is the same event, and the producer sent it again at that point).
   */
  private BoundStatement bind(HistoryEvent event, int ttlSeconds) {
    BoundStatementBuilder row = insert.boundStatementBuilder(event.userId(), NanoTimestamp.millisOf(event.time()),
        event.eventId(), event.time().getNano(), event.itemId(), event.type(), event.value());
    if (event.value() == null) {
      row.unset(VALUE); // no tombstone for the usual missing value
    }
    if (arrivals) {
      row.setLong(ARRIVAL, ArrivalClock.SYSTEM.next());
    }
    return row.setInt(arrivals ? ARRIVAL + 1 : ARRIVAL, ttlSeconds).setIdempotence(true).build();
  }

  /** Whether the table has the arrival column (migration V011), asked again of Cassandra before a no. */
  private static boolean hasArrivals(CqlSession session, String keyspace) {
    return hasArrivals(session.getMetadata(), keyspace) || hasArrivals(session.refreshSchema(), keyspace);
  }

  private static boolean hasArrivals(Metadata metadata, String keyspace) {
    return metadata.getKeyspace(keyspace)
        .flatMap(space -> space.getTable("interaction_log"))
        .map(table -> table.getColumn("arrival").isPresent())
        .orElse(true); // no metadata: the table as this release's migrations make it
  }

  /**
   * Passes every kept interaction with a time in {@code [from, to)} to {@code sink}, user by user
   * (the table's token order), each user's {@link HistoryEvent#IN_ORDER} (events of one moment in
   * the order they arrived), with one instance of each id ({@link SharedIds}). Blocking, paged: for
   * training jobs and the export.
   */
  public long scan(Instant from, Instant to, Consumer<HistoryEvent> sink) {
    SharedIds ids = new SharedIds(); // the driver decodes each id anew; a trainer keeps one instance
    // the table orders a user's rows by (millisecond, id): the rows of one millisecond are held
    // back and passed in arrival order (and by their nanoseconds)
    SameMillisecond held = new SameMillisecond(sink);
    for (Row row : session.execute(selectAll.bind().setPageSize(PAGE))) {
      Instant millisecond = row.getInstant("event_time");
      Instant time = NanoTimestamp.exact(millisecond, row.getInt("event_time_nanos"));
      if (time.isBefore(from) || !time.isBefore(to)) {
        continue;
      }
      held.add(ids.event(row.getString("event_id"), row.getString("user_id"), row.getString("item_id"),
          row.getString("type"), row.isNull("value") ? null : row.getDouble("value"), time,
          !arrivals || row.isNull("arrival") ? 0 : row.getLong("arrival")), millisecond);
    }
    return held.flush();
  }

  /** A user's rows of one millisecond, held until the next row is of another. */
  private static final class SameMillisecond {
    private final Consumer<HistoryEvent> sink;
    private final List<HistoryEvent> events = new ArrayList<>();
    private String user;
    private Instant millisecond;
    private long passed;

    SameMillisecond(Consumer<HistoryEvent> sink) {
      this.sink = sink;
    }

    void add(HistoryEvent event, Instant eventMillisecond) {
      if (!event.userId().equals(user) || !eventMillisecond.equals(millisecond)) {
        flush();
        user = event.userId();
        millisecond = eventMillisecond;
      }
      events.add(event);
    }

    /** Passes what is held; returns how many were passed in all. */
    long flush() {
      if (events.size() > 1) {
        events.sort(HistoryEvent.IN_ORDER);
      }
      events.forEach(sink);
      passed += events.size();
      events.clear();
      return passed;
    }
  }
}
