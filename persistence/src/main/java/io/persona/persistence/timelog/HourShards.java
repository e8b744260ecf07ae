package io.persona.persistence.timelog;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.persona.persistence.cassandra.DriverFutures;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The (hour, shard) partitioning of the time-ordered logs (migrations V003, V004): where a row
 * goes, how rows are written, and how a time range is read back. A row's partition is the UTC
 * hour of its time plus a shard taken from a key of the row, so the same row always lands in the
 * same place (a repeated write overwrites, never duplicates).
 */
public final class HourShards {
  private static final Duration BUCKET = Duration.ofHours(1);

  /** Where a row lives: the first two columns of every log table's key. */
  public record Partition(Instant hour, int shard) {}

  private final CqlSession session;
  private final int shards;

  public HourShards(CqlSession session, TimeLogSettings settings) {
    this.session = session;
    this.shards = settings.shards();
  }

  public Partition partitionOf(String key, Instant at) {
    // String.hashCode is specified by the language, so every node and version agrees on the shard.
    return new Partition(at.truncatedTo(ChronoUnit.HOURS), Math.floorMod(key.hashCode(), shards));
  }

  /**
   * Writes every row: grouped by partition, in unlogged batches of at most {@code maxBatch} rows,
   * all batches at once. A batch within one partition is a single mutation, applied atomically by
   * the replicas of that partition and routed straight to them, so it costs one round trip
   * instead of one per row; batches across partitions would instead make the coordinator fan out,
   * which is why rows are grouped first. Callers pass bounded lists and idempotent statements
   * (same key, same values), so a retry is safe.
   *
   * @param bind the insert of a row, given the partition it goes to
   */
  public <T> CompletionStage<Void> writeAll(List<T> rows, Function<T, Partition> partitionOf,
                                            BiFunction<T, Partition, BoundStatement> bind, int maxBatch) {
    Map<Partition, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    for (T row : rows) {
      Partition partition = partitionOf.apply(row);
      byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(bind.apply(row, partition));
    }
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (List<BoundStatement> statements : byPartition.values()) {
      for (int start = 0; start < statements.size(); start += maxBatch) {
        List<BoundStatement> batch = statements.subList(start, Math.min(statements.size(), start + maxBatch));
        writes.add(session.executeAsync(asOneStatement(batch)).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /**
   * Passes every row whose time is in {@code [from, to)} to {@code sink}, hour by hour in time
   * order (within an hour in no particular order). Blocking, for training and analysis jobs, never
   * for a driver or actor thread: the shards of an hour are read in parallel (so at most
   * {@code shards} requests are in flight), each paged through; only one hour's rows are held at
   * once. {@code select} takes (hour, shard, lowest millisecond, highest millisecond), both
   * bounds inclusive.
   */
  public <T> void scan(PreparedStatement select, Instant from, Instant to, Function<Row, T> map,
                       Function<T, Instant> timeOf, Consumer<T> sink) {
    if (!from.isBefore(to)) {
      return;
    }
    Instant last = to.minusNanos(1);
    // The clustering column holds milliseconds: select the milliseconds that overlap [from, to),
    // then keep exactly the rows in range by their full Instant.
    Instant lowMillis = NanoTimestamp.millisOf(from);
    Instant highMillis = NanoTimestamp.millisOf(last);
    for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); !hour.isAfter(last); hour = hour.plus(BUCKET)) {
      List<CompletionStage<List<T>>> reads = new ArrayList<>(shards);
      for (int shard = 0; shard < shards; shard++) {
        reads.add(collect(session.executeAsync(select.bind(hour, shard, lowMillis, highMillis)), map,
            new ArrayList<>()));
      }
      for (CompletionStage<List<T>> read : reads) {
        for (T row : DriverFutures.await(read)) {
          Instant at = timeOf.apply(row);
          if (!at.isBefore(from) && at.isBefore(to)) {
            sink.accept(row);
          }
        }
      }
    }
  }

  private static Statement<?> asOneStatement(List<BoundStatement> statements) {
    if (statements.size() == 1) {
      return statements.get(0);
    }
    return BatchStatement.newInstance(BatchType.UNLOGGED).addAll(statements).setIdempotent(true);
  }

  private static <T> CompletionStage<List<T>> collect(CompletionStage<AsyncResultSet> page, Function<Row, T> map,
                                                      List<T> into) {
    return page.thenCompose(rs -> {
      for (Row row : rs.currentPage()) {
        into.add(map.apply(row));
      }
      return rs.hasMorePages() ? collect(rs.fetchNextPage(), map, into) : CompletableFuture.completedFuture(into);
    });
  }
}
