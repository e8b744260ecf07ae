package io.persona.persistence.predictions;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;
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
 * Served slates in Cassandra ({@code <keyspace>.prediction_log}, see migration V003), read back
 * by serving time to join outcomes. A slate's partition is its UTC hour plus a shard taken from
 * its request id, so one request always lands in the same row (a repeated write overwrites,
 * never duplicates).
 */
public final class PredictionLogRepository {
  /**
   * A partition's slates go out as one batch, one mutation: the writer passes at most its
   * batch-size of slates (100 slates of 20 items x 64 floats are about 1 MB).
   */
  private static final int WHOLE_PARTITION = Integer.MAX_VALUE;
  private static final String COLUMNS = "served_at, served_at_nanos, request_id, user_id, model_version, model_kind, "
      + "variant, feature_fingerprint, item_ids, positions, sources, raw_scores, calibrated_scores, propensities, "
      + "features, rules";

  private final HourShards shards;
  private final TimeLogSettings settings;
  private final PreparedStatement insert;
  private final PreparedStatement selectRange;

  public PredictionLogRepository(CqlSession session, String keyspace, TimeLogSettings settings) {
    this.shards = new HourShards(session, settings);
    this.settings = settings;
    this.insert = session.prepare("INSERT INTO " + keyspace + ".prediction_log (hour, shard, " + COLUMNS + ") "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    this.selectRange = session.prepare("SELECT " + COLUMNS + " FROM " + keyspace + ".prediction_log "
        + "WHERE hour = ? AND shard = ? AND served_at >= ? AND served_at <= ?");
  }

  /**
   * Writes every slate with the configured TTL, one unlogged batch per partition, all batches at
   * once (see {@link HourShards#writeAll}). Every statement is idempotent, so a retry is safe.
   */
  public CompletionStage<Void> writeAll(List<ServedSlate> slates) {
    return shards.writeAll(slates, slate -> shards.partitionOf(slate.requestId(), slate.servedAt()), this::bind,
        WHOLE_PARTITION);
  }

  /**
   * Every slate served in {@code [from, to)}, ordered by serving time, then request id. Blocking
   * (see {@link HourShards#scan}): for training and analysis jobs, never for a driver or actor
   * thread.
   */
  public List<ServedSlate> read(Instant from, Instant to) {
    List<ServedSlate> slates = new ArrayList<>();
    shards.scan(selectRange, from, to, PredictionLogRepository::toSlate, ServedSlate::servedAt, slates::add);
    slates.sort(Comparator.comparing(ServedSlate::servedAt).thenComparing(ServedSlate::requestId));
    return slates;
  }

  private BoundStatement bind(ServedSlate slate, Partition partition) {
    List<ServedItem> items = slate.items();
    return insert.bind(
            partition.hour(),
            partition.shard(),
            NanoTimestamp.millisOf(slate.servedAt()),
            slate.servedAt().getNano(),
            slate.requestId(),
            slate.userId(),
            slate.modelVersion(),
            slate.modelKind(),
            slate.variant(),
            slate.featureFingerprint(),
            items.stream().map(ServedItem::itemId).toList(),
            items.stream().map(ServedItem::position).toList(),
            items.stream().map(ServedItem::source).toList(),
            items.stream().map(ServedItem::rawScore).toList(),
            items.stream().map(ServedItem::calibratedScore).toList(),
            items.stream().map(ServedItem::propensity).toList(),
            FeatureVectorBlob.encode(items),
            slate.rules(),
            settings.ttlSeconds())
        .setIdempotent(true);
  }

  private static ServedSlate toSlate(Row row) {
    Instant servedAt = NanoTimestamp.exact(row.getInstant("served_at"), row.getInt("served_at_nanos"));
    List<String> itemIds = row.getList("item_ids", String.class);
    List<Integer> positions = row.getList("positions", Integer.class);
    List<String> sources = row.getList("sources", String.class);
    List<Double> rawScores = row.getList("raw_scores", Double.class);
    List<Double> calibratedScores = row.getList("calibrated_scores", Double.class);
    List<Double> propensities = row.getList("propensities", Double.class);
    List<FeatureVectorBlob.Vectors> vectors = FeatureVectorBlob.decode(row.getByteBuffer("features"));
    String requestId = row.getString("request_id");
    int count = itemIds.size();
    if (positions.size() != count || sources.size() != count || rawScores.size() != count
        || calibratedScores.size() != count || propensities.size() != count || vectors.size() != count) {
      throw new IllegalStateException("Prediction log row of request " + requestId + " has item lists of different lengths");
    }
    List<ServedItem> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(new ServedItem(itemIds.get(i), positions.get(i), sources.get(i), rawScores.get(i),
          calibratedScores.get(i), propensities.get(i), vectors.get(i).dense(), vectors.get(i).sparse()));
    }
    return new ServedSlate(requestId, row.getString("user_id"), servedAt, row.getString("model_version"),
        row.getString("model_kind"), row.getString("variant"), row.getString("feature_fingerprint"), items,
        // null in rows written before migration V009 (and for lists no rule touched): no rule applied
        row.getList("rules", String.class));
  }
}
