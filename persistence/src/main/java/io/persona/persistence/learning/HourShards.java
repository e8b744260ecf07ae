package io.persona.persistence.learning;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The (hour, shard) partitioning of the learning logs (see migration V004): where a row goes, and
 * how a time range is read back. A row's partition is the UTC hour of its time plus a shard taken
 * from a key of the row, so the same row always lands in the same place (a repeated write
 * overwrites, never duplicates).
 */
final class HourShards {
  private static final Duration BUCKET = Duration.ofHours(1);

  record Partition(Instant hour, int shard) {}

  private HourShards() {}

  static Partition partitionOf(String key, Instant at, int shards) {
    // String.hashCode is specified by the language, so every node and version agrees on the shard.
    return new Partition(at.truncatedTo(ChronoUnit.HOURS), Math.floorMod(key.hashCode(), shards));
  }

  /**
   * Passes every row whose time is in {@code [from, to)} to {@code sink}, hour by hour in time
   * order (within an hour in no particular order). Blocking: the shards of an hour are read in
   * parallel (so at most {@code shards} requests are in flight), each paged through; only one
   * hour's rows are held at once. {@code select} takes (hour, shard, lowest millisecond, highest
   * millisecond), both bounds inclusive.
   */
  static <T> void scan(CqlSession session, PreparedStatement select, int shards, Instant from, Instant to,
                       Function<Row, T> map, Function<T, Instant> timeOf, Consumer<T> sink) {
    if (!from.isBefore(to)) {
      return;
    }
    Instant last = to.minusNanos(1);
    // The clustering column holds milliseconds: select the milliseconds that overlap [from, to),
    // then keep exactly the rows in range by their full Instant.
    Instant lowMillis = NanoTimestamp.millisOf(from);
    Instant highMillis = NanoTimestamp.millisOf(last);
    for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); !hour.isAfter(last); hour = hour.plus(BUCKET)) {
      List<CompletableFuture<List<T>>> reads = new ArrayList<>(shards);
      for (int shard = 0; shard < shards; shard++) {
        reads.add(collect(session.executeAsync(select.bind(hour, shard, lowMillis, highMillis)), map,
            new ArrayList<>()).toCompletableFuture());
      }
      for (CompletableFuture<List<T>> read : reads) {
        for (T row : await(read)) {
          Instant at = timeOf.apply(row);
          if (!at.isBefore(from) && at.isBefore(to)) {
            sink.accept(row);
          }
        }
      }
    }
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
