package io.persona.persistence.privacy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.persistence.timelog.TimeLogSettings;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Removes one user's rows from every table that holds them. Blocking; run from a blocking
 * dispatcher. Every step is idempotent, so a deletion cut short is finished by running it again.
 * <ul>
 *   <li>The journal ({@code messages}, {@code snapshots}, {@code metadata},
 *       {@code all_persistence_ids}: pekko-persistence-cassandra 1.1.0's tables, created by
 *       migration V001): deleted by partition. The user's entity must not write meanwhile (it is
 *       told to hold still first); a later event starts a new journal from sequence number 1.</li>
 *   <li>{@code interaction_log}: one partition per user.</li>
 *   <li>{@code prediction_log}, {@code outcome_log}, {@code training_examples}: partitioned by hour
 *       and shard, not by user, so every partition still alive (within the log's TTL) is read and
 *       the user's rows deleted one by one. That is the costly step: it reads the logs once per
 *       sweep, for every user swept together.</li>
 * </ul>
 */
public final class UserErasure {
  private static final int IN_FLIGHT = 32;

  /** One hour-sharded log: its key columns after (hour, shard), and its TTL and shard count. */
  private record TimeLog(String table, String timeColumn, List<String> keyColumns, TimeLogSettings settings) {}

  private final CqlSession session;
  private final String keyspace;
  private final List<TimeLog> logs;

  public UserErasure(CqlSession session, String keyspace, TimeLogSettings predictionLog, TimeLogSettings learningStore) {
    this.session = session;
    this.keyspace = keyspace;
    this.logs = List.of(
        new TimeLog("prediction_log", "served_at", List.of("served_at", "request_id"), predictionLog),
        new TimeLog("outcome_log", "recorded_at", List.of("recorded_at", "event_id"), learningStore),
        new TimeLog("training_examples", "served_at", List.of("served_at", "request_id", "position"), learningStore));
  }

  // ---- the requests still to finish ----

  /** Records a request; a repeated one starts over (swept_at cleared) under its new request time. */
  public void markPending(String userId, Instant requestedAt) {
    session.execute(session.prepare("INSERT INTO " + keyspace
        + ".user_deletions (user_id, requested_at, swept_at) VALUES (?, ?, null)").bind(userId, requestedAt));
  }

  /** Deletions requested and not finished, with when they were requested. */
  public List<Pending> pending() {
    List<Pending> pending = new ArrayList<>();
    for (Row row : session.execute("SELECT user_id, requested_at, swept_at FROM " + keyspace + ".user_deletions")) {
      pending.add(new Pending(row.getString("user_id"), row.getInstant("requested_at"), row.getInstant("swept_at")));
    }
    return pending;
  }

  /** A deletion not finished; {@code sweptAt} null until its first pass is done. */
  public record Pending(String userId, Instant requestedAt, Instant sweptAt) {}

  /**
   * The first pass of {@code request} is done. Conditional on the request time: a request repeated
   * meanwhile is a new one and keeps waiting for its own first pass.
   */
  public boolean markSwept(Pending request, Instant at) {
    return session.execute(session.prepare("UPDATE " + keyspace
            + ".user_deletions SET swept_at = ? WHERE user_id = ? IF requested_at = ?")
        .bind(at, request.userId(), request.requestedAt())).wasApplied();
  }

  /** {@code request} is finished; a request repeated meanwhile stays. */
  public boolean clearPending(Pending request) {
    return session.execute(session.prepare("DELETE FROM " + keyspace + ".user_deletions WHERE user_id = ? "
        + "IF requested_at = ?").bind(request.userId(), request.requestedAt())).wasApplied();
  }

  // ---- one user's own partitions ----

  /** Deletes every event and snapshot of the journal key {@code persistenceId}. */
  public void eraseJournal(String persistenceId) {
    PreparedStatement anyRow = session.prepare("SELECT sequence_nr FROM " + keyspace
        + ".messages WHERE persistence_id = ? AND partition_nr = ? LIMIT 1");
    PreparedStatement deletePartition = session.prepare("DELETE FROM " + keyspace
        + ".messages WHERE persistence_id = ? AND partition_nr = ?");
    // partitions fill in order (500,000 events each, more than any user writes); past partition 0
    // (which an interrupted erasure may have emptied already) the first empty one ends the journal
    for (long partition = 0; ; partition++) {
      boolean used = session.execute(anyRow.bind(persistenceId, partition)).one() != null;
      if (used) {
        session.execute(deletePartition.bind(persistenceId, partition));
      } else if (partition > 0) {
        break;
      }
    }
    session.execute(session.prepare("DELETE FROM " + keyspace + ".snapshots WHERE persistence_id = ?")
        .bind(persistenceId));
    session.execute(session.prepare("DELETE FROM " + keyspace + ".metadata WHERE persistence_id = ?")
        .bind(persistenceId));
    session.execute(session.prepare("DELETE FROM " + keyspace + ".all_persistence_ids WHERE persistence_id = ?")
        .bind(persistenceId));
  }

  public void eraseInteractions(String userId) {
    session.execute(session.prepare("DELETE FROM " + keyspace + ".interaction_log WHERE user_id = ?").bind(userId));
  }

  // ---- the hour-sharded logs, for many users at once ----

  /**
   * Reads every live partition of the hour-sharded logs and deletes the rows of {@code userIds}.
   *
   * @return the rows deleted
   */
  public long sweepTimeLogs(Set<String> userIds, Instant now) throws InterruptedException {
    if (userIds.isEmpty()) {
      return 0;
    }
    AtomicLong deleted = new AtomicLong();
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<Void>> sweeps = new ArrayList<>();
    for (TimeLog log : logs) {
      String columns = String.join(", ", log.keyColumns());
      PreparedStatement select = session.prepare("SELECT " + columns + ", user_id FROM " + keyspace + "." + log.table()
          + " WHERE hour = ? AND shard = ?");
      StringBuilder where = new StringBuilder("hour = ? AND shard = ?");
      log.keyColumns().forEach(column -> where.append(" AND ").append(column).append(" = ?"));
      PreparedStatement delete = session.prepare("DELETE FROM " + keyspace + "." + log.table() + " WHERE " + where);
      Instant last = now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
      for (Instant hour = now.minus(log.settings().ttl()).truncatedTo(ChronoUnit.HOURS); !hour.isAfter(last);
           hour = hour.plus(1, ChronoUnit.HOURS)) {
        for (int shard = 0; shard < log.settings().shards(); shard++) {
          inFlight.acquire();
          Instant partitionHour = hour;
          int partitionShard = shard;
          sweeps.add(session.executeAsync(select.bind(partitionHour, partitionShard)).toCompletableFuture()
              .thenCompose(page -> deleteMatching(page, userIds, delete, partitionHour, partitionShard,
                  log.keyColumns().size(), deleted))
              .whenComplete((done, failure) -> inFlight.release()));
        }
      }
    }
    CompletableFuture.allOf(sweeps.toArray(CompletableFuture[]::new)).join();
    return deleted.get();
  }

  private CompletionStage<Void> deleteMatching(AsyncResultSet page, Set<String> userIds, PreparedStatement delete,
                                               Instant hour, int shard, int keyColumns, AtomicLong deleted) {
    List<CompletableFuture<?>> deletes = new ArrayList<>();
    for (Row row : page.currentPage()) {
      if (userIds.contains(row.getString("user_id"))) {
        Object[] values = new Object[2 + keyColumns];
        values[0] = hour;
        values[1] = shard;
        for (int i = 0; i < keyColumns; i++) {
          values[2 + i] = row.getObject(i);
        }
        deletes.add(session.executeAsync(delete.bind(values)).toCompletableFuture());
        deleted.incrementAndGet();
      }
    }
    CompletableFuture<Void> these = CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
    if (!page.hasMorePages()) {
      return these;
    }
    return these.thenCompose(done -> page.fetchNextPage())
        .thenCompose(next -> deleteMatching(next, userIds, delete, hour, shard, keyColumns, deleted));
  }
}
