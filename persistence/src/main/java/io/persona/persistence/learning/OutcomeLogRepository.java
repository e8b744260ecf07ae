package io.persona.persistence.learning;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.learning.Outcome;
import io.persona.persistence.cassandra.CoalescedWrites;
import io.persona.persistence.timelog.HourShards;
import io.persona.persistence.timelog.HourShards.Partition;
import io.persona.persistence.timelog.NanoTimestamp;
import io.persona.persistence.timelog.TimeLogSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Outcomes in Cassandra ({@code <keyspace>.outcome_log}, see migration V004), read back by the
 * time Persona recorded them to join against the prediction log. A partition is the UTC hour of
 * recordedAt plus a shard taken from the user id.
 */
public final class OutcomeLogRepository {
  private static final String COLUMNS = "recorded_at, recorded_at_nanos, event_id, user_id, item_id, type, "
      + "request_id, event_time, event_time_nanos";
  private static final int REQUEST_ID = 8;
  private static final int MAX_BATCH = 100;

  private final HourShards shards;
  private final TimeLogSettings settings;
  private final PreparedStatement insert;
  private final PreparedStatement selectRange;
  private final CoalescedWrites coalesced; // null: each outcome is its own request

  public OutcomeLogRepository(CqlSession session, String keyspace, TimeLogSettings settings) {
    this(session, keyspace, settings, null);
  }

  /** @param coalesced where one outcome at a time ({@link #write}) joins other small writes; null for none */
  public OutcomeLogRepository(CqlSession session, String keyspace, TimeLogSettings settings,
                              CoalescedWrites coalesced) {
    this.coalesced = coalesced;
    this.shards = new HourShards(session, settings);
    this.settings = settings;
    this.insert = session.prepare("INSERT INTO " + keyspace + ".outcome_log (hour, shard, " + COLUMNS + ") "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    this.selectRange = session.prepare("SELECT " + COLUMNS + " FROM " + keyspace + ".outcome_log "
        + "WHERE hour = ? AND shard = ? AND recorded_at >= ? AND recorded_at <= ?");
  }

  /**
   * Writes one outcome with the configured TTL. Idempotent (same key, same values), so a retry
   * is safe; an outcome recorded again later (a resent event) is a new row the join deduplicates
   * by event id.
   */
  public CompletionStage<Void> write(Outcome outcome) {
    if (coalesced != null) {
      return coalesced.write(List.of(bind(outcome, shards.partitionOf(outcome.userId(), outcome.recordedAt()))));
    }
    return shards.writeAll(List.of(outcome), o -> shards.partitionOf(o.userId(), o.recordedAt()), this::bind, 1);
  }

  /**
   * Writes several outcomes (an import's), those of one partition in unlogged batches of at most
   * {@value #MAX_BATCH}; completes when all are written. Idempotent like {@link #write}.
   */
  public CompletionStage<Void> writeAll(List<Outcome> outcomes) {
    return shards.writeAll(outcomes, o -> shards.partitionOf(o.userId(), o.recordedAt()), this::bind, MAX_BATCH);
  }

  private BoundStatement bind(Outcome outcome, Partition partition) {
    BoundStatement statement = insert.bind(
        partition.hour(),
        partition.shard(),
        NanoTimestamp.millisOf(outcome.recordedAt()),
        outcome.recordedAt().getNano(),
        outcome.eventId(),
        outcome.userId(),
        outcome.itemId(),
        outcome.type(),
        outcome.requestId(),
        NanoTimestamp.millisOf(outcome.eventTime()),
        outcome.eventTime().getNano(),
        settings.ttlSeconds());
    if (outcome.requestId() == null) {
      // unset instead of null: a null would write a tombstone with every such outcome
      statement = statement.unset(REQUEST_ID);
    }
    return statement.setIdempotent(true);
  }

  /**
   * Every outcome recorded in {@code [from, to)}, ordered by recordedAt, then event id. Blocking:
   * one hour at a time, the shards of an hour in parallel; for the join and training jobs, never
   * for a driver or actor thread.
   */
  public List<Outcome> read(Instant from, Instant to) {
    List<Outcome> outcomes = new ArrayList<>();
    shards.scan(selectRange, from, to, OutcomeLogRepository::toOutcome, Outcome::recordedAt, outcomes::add);
    outcomes.sort(Comparator.comparing(Outcome::recordedAt).thenComparing(Outcome::eventId));
    return outcomes;
  }

  private static Outcome toOutcome(Row row) {
    return new Outcome(
        row.getString("event_id"),
        row.getString("user_id"),
        row.getString("item_id"),
        row.getString("type"),
        row.getString("request_id"),
        NanoTimestamp.exact(row.getInstant("event_time"), row.getInt("event_time_nanos")),
        NanoTimestamp.exact(row.getInstant("recorded_at"), row.getInt("recorded_at_nanos")));
  }
}
