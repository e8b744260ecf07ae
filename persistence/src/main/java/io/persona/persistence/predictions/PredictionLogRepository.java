package io.persona.persistence.predictions;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Served slates in Cassandra ({@code <keyspace>.prediction_log}, see migration V003). A slate's
 * partition is its UTC hour plus a shard taken from its request id, so one request always lands
 * in the same row (a repeated write overwrites, never duplicates) and can be found again from its
 * request id and serving time.
 */
public final class PredictionLogRepository {
  private static final Duration BUCKET = Duration.ofHours(1);
  private static final String COLUMNS = "served_at, served_at_nanos, request_id, user_id, model_version, model_kind, "
      + "variant, feature_fingerprint, item_ids, positions, sources, raw_scores, calibrated_scores, propensities, "
      + "features";

  private final CqlSession session;
  private final PredictionLogSettings settings;
  private final PreparedStatement insert;
  private final PreparedStatement selectRange;
  private final PreparedStatement selectOne;

  public PredictionLogRepository(CqlSession session, String keyspace, PredictionLogSettings settings) {
    this.session = session;
    this.settings = settings;
    this.insert = session.prepare("INSERT INTO " + keyspace + ".prediction_log (hour, shard, " + COLUMNS + ") "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    this.selectRange = session.prepare("SELECT " + COLUMNS + " FROM " + keyspace + ".prediction_log "
        + "WHERE hour = ? AND shard = ? AND served_at >= ? AND served_at <= ?");
    this.selectOne = session.prepare("SELECT " + COLUMNS + " FROM " + keyspace + ".prediction_log "
        + "WHERE hour = ? AND shard = ? AND served_at = ? AND request_id = ?");
  }

  private record Partition(Instant hour, int shard) {}

  /**
   * Writes every slate with the configured TTL: one unlogged batch per partition, all batches at
   * once. A batch within one partition is a single mutation, applied atomically by the replicas
   * of that partition and routed straight to them, so it costs one round trip instead of one per
   * row; batches across partitions would instead make the coordinator fan out, which is why
   * slates are grouped first. Callers pass bounded lists (the writer passes at most its
   * batch-size). Every statement is idempotent (same key, same values), so a retry is safe.
   */
  public CompletionStage<Void> writeAll(List<ServedSlate> slates) {
    Map<Partition, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    for (ServedSlate slate : slates) {
      byPartition.computeIfAbsent(partitionOf(slate.requestId(), slate.servedAt()), p -> new ArrayList<>())
          .add(bind(slate));
    }
    CompletableFuture<?>[] writes = byPartition.values().stream()
        .map(statements -> session.executeAsync(asOneStatement(statements)).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(writes);
  }

  /**
   * Every slate served in {@code [from, to)}, ordered by serving time, then request id. Blocking:
   * it reads one hour at a time, the shards of an hour in parallel (so at most {@code shards}
   * requests are in flight), paging through each; for training and analysis jobs, never for a
   * driver or actor thread.
   */
  public List<ServedSlate> read(Instant from, Instant to) {
    List<ServedSlate> slates = new ArrayList<>();
    if (!from.isBefore(to)) {
      return slates;
    }
    Instant last = to.minusNanos(1);
    // served_at holds milliseconds: select the milliseconds that overlap [from, to), then keep
    // exactly the slates in range by their full Instant.
    Instant lowMillis = from.truncatedTo(ChronoUnit.MILLIS);
    Instant highMillis = last.truncatedTo(ChronoUnit.MILLIS);
    for (Instant hour = hourOf(from); !hour.isAfter(last); hour = hour.plus(BUCKET)) {
      List<CompletableFuture<List<ServedSlate>>> shards = new ArrayList<>(settings.shards());
      for (int shard = 0; shard < settings.shards(); shard++) {
        shards.add(collect(session.executeAsync(selectRange.bind(hour, shard, lowMillis, highMillis)),
            new ArrayList<>()).toCompletableFuture());
      }
      for (CompletableFuture<List<ServedSlate>> shard : shards) {
        for (ServedSlate slate : await(shard)) {
          if (!slate.servedAt().isBefore(from) && slate.servedAt().isBefore(to)) {
            slates.add(slate);
          }
        }
      }
    }
    slates.sort(Comparator.comparing(ServedSlate::servedAt).thenComparing(ServedSlate::requestId));
    return slates;
  }

  /**
   * The slate of one request, given the time it was served (its millisecond is enough): a single
   * row read, since both name the partition and the row.
   */
  public CompletionStage<Optional<ServedSlate>> find(String requestId, Instant servedAt) {
    Partition partition = partitionOf(requestId, servedAt);
    return session.executeAsync(selectOne.bind(partition.hour(), partition.shard(),
            servedAt.truncatedTo(ChronoUnit.MILLIS), requestId))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(PredictionLogRepository::toSlate));
  }

  private Partition partitionOf(String requestId, Instant servedAt) {
    // String.hashCode is specified by the language, so every node and version agrees on the shard.
    return new Partition(hourOf(servedAt), Math.floorMod(requestId.hashCode(), settings.shards()));
  }

  private static Instant hourOf(Instant instant) {
    return instant.truncatedTo(ChronoUnit.HOURS);
  }

  private static Statement<?> asOneStatement(List<BoundStatement> statements) {
    if (statements.size() == 1) {
      return statements.get(0);
    }
    return BatchStatement.newInstance(BatchType.UNLOGGED).addAll(statements).setIdempotent(true);
  }

  private BoundStatement bind(ServedSlate slate) {
    List<ServedItem> items = slate.items();
    Partition partition = partitionOf(slate.requestId(), slate.servedAt());
    return insert.bind(
            partition.hour(),
            partition.shard(),
            slate.servedAt().truncatedTo(ChronoUnit.MILLIS),
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
            settings.ttlSeconds())
        .setIdempotent(true);
  }

  private static CompletionStage<List<ServedSlate>> collect(CompletionStage<AsyncResultSet> page,
                                                            List<ServedSlate> into) {
    return page.thenCompose(rs -> {
      for (Row row : rs.currentPage()) {
        into.add(toSlate(row));
      }
      return rs.hasMorePages() ? collect(rs.fetchNextPage(), into) : CompletableFuture.completedFuture(into);
    });
  }

  private static ServedSlate toSlate(Row row) {
    Instant servedAt = Instant.ofEpochSecond(row.getInstant("served_at").getEpochSecond(), row.getInt("served_at_nanos"));
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
        row.getString("model_kind"), row.getString("variant"), row.getString("feature_fingerprint"), items);
  }

  /** Waits for a read, rethrowing the driver's own exception rather than a wrapper. */
  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
