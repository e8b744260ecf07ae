package io.persona.persistence.learning;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.learning.TrainingExample;
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
 * Labelled impressions in Cassandra ({@code <keyspace>.training_examples}, see migration V004),
 * read back by serving time for training. A partition is the UTC hour of servedAt plus a shard
 * taken from the request id, so all impressions of a slate share a partition. An impression's
 * key is (servedAt, requestId, position): writing the examples of a join interval again
 * overwrites the same rows, it never adds any.
 */
public final class TrainingExampleRepository {
  /**
   * Rows per batch. A single-partition unlogged batch is one mutation (Cassandra's batch size
   * warning counts only batches over several partitions), but a mutation must stay under half a
   * commit log segment (16 MiB by default) and a big one is one long write on every replica. 50
   * examples of a few hundred features are ~100 KB: still one round trip per 50 rows.
   */
  private static final int MAX_BATCH = 50;
  private static final String COLUMNS = "served_at, served_at_nanos, request_id, position, user_id, item_id, "
      + "source, label, weight, holdout, propensity, raw_score, calibrated_score, model_version, variant, "
      + "feature_fingerprint, features";
  private static final int SOURCE = 8;

  private final HourShards shards;
  private final TimeLogSettings settings;
  private final PreparedStatement insert;
  private final PreparedStatement selectRange;

  public TrainingExampleRepository(CqlSession session, String keyspace, TimeLogSettings settings) {
    this.shards = new HourShards(session, settings);
    this.settings = settings;
    this.insert = session.prepare("INSERT INTO " + keyspace + ".training_examples (hour, shard, " + COLUMNS + ") "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    this.selectRange = session.prepare("SELECT " + COLUMNS + " FROM " + keyspace + ".training_examples "
        + "WHERE hour = ? AND shard = ? AND served_at >= ? AND served_at <= ?");
  }

  /**
   * Writes every example with the configured TTL: unlogged batches of at most {@value #MAX_BATCH}
   * rows, each within one partition, all batches at once (see {@link HourShards#writeAll}). Every
   * statement is idempotent, so a retry or a re-run of the same join interval is safe.
   */
  public CompletionStage<Void> writeAll(List<TrainingExample> examples) {
    return shards.writeAll(examples, example -> shards.partitionOf(example.requestId(), example.servedAt()),
        this::bind, MAX_BATCH);
  }

  /**
   * Every example served in {@code [from, to)}, ordered by servedAt, request id, position.
   * Blocking: one hour at a time, the shards of an hour in parallel; for training jobs, never for
   * a driver or actor thread.
   */
  public List<TrainingExample> read(Instant from, Instant to) {
    List<TrainingExample> examples = new ArrayList<>();
    shards.scan(selectRange, from, to, TrainingExampleRepository::toExample, TrainingExample::servedAt,
        examples::add);
    examples.sort(Comparator.comparing(TrainingExample::servedAt).thenComparing(TrainingExample::requestId)
        .thenComparingInt(TrainingExample::position));
    return examples;
  }

  private BoundStatement bind(TrainingExample example, Partition partition) {
    BoundStatement statement = insert.bind(
        partition.hour(),
        partition.shard(),
        NanoTimestamp.millisOf(example.servedAt()),
        example.servedAt().getNano(),
        example.requestId(),
        example.position(),
        example.userId(),
        example.itemId(),
        example.source(),
        example.label(),
        example.weight(),
        example.holdout(),
        example.propensity(),
        example.rawScore(),
        example.calibratedScore(),
        example.modelVersion(),
        example.variant(),
        example.featureFingerprint(),
        ExampleFeaturesBlob.encode(example.dense(), example.sparse()),
        settings.ttlSeconds());
    if (example.source() == null) {
      // unset instead of null: a null would write a tombstone with every such example
      statement = statement.unset(SOURCE);
    }
    return statement.setIdempotent(true);
  }

  private static TrainingExample toExample(Row row) {
    ExampleFeaturesBlob.Vectors vectors = ExampleFeaturesBlob.decode(row.getByteBuffer("features"));
    return new TrainingExample(
        row.getString("request_id"),
        row.getString("user_id"),
        row.getString("item_id"),
        NanoTimestamp.exact(row.getInstant("served_at"), row.getInt("served_at_nanos")),
        row.getInt("position"),
        row.getString("source"),
        row.getInt("label"),
        row.getDouble("weight"),
        row.getBoolean("holdout"),
        row.getDouble("propensity"),
        row.getDouble("raw_score"),
        row.getDouble("calibrated_score"),
        row.getString("model_version"),
        row.getString("variant"),
        row.getString("feature_fingerprint"),
        vectors.dense(),
        vectors.sparse());
  }
}
