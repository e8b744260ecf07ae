package io.persona.persistence.cassandra;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Joins the one-row writes of many callers (the logs an ingested event goes to: a row per event,
 * each in another user's partition) into unlogged batches, so that Cassandra answers one request
 * for up to {@code maxStatements} rows instead of one per row. On a 2-core machine the per-request
 * work (transport, statement dispatch) is most of what a small insert costs Cassandra (a profile
 * of the ingest benchmark; see the README's "Where the CPU goes").
 *
 * <p>A batch holds only statements whose partitions live on the same replicas (the driver's token
 * map), so it is routed to a replica that owns every row and no coordinator fans it out; and at
 * most {@code maxStatements} of them, which by default is Cassandra's own limit for an unlogged
 * batch across partitions before it warns ({@code unlogged_batch_across_partitions_warn_threshold},
 * 10), and at most ~3 KiB of values (below its {@code batch_size_warn_threshold}, 5 KiB). A write
 * waits at most {@code linger} for others to join it, and none once {@code maxStatements} wait.
 * Each caller's future completes when its rows are written, or fails with its batch: the rows are
 * idempotent, and a caller treats a failure as it did the failure of a single insert.
 */
public final class CoalescedWrites {
  private record Pending(BoundStatement statement, CompletableFuture<Void> written) {}

  /**
   * The most bytes of bound values in one batch: under Cassandra's {@code batch_size_warn_threshold}
   * (5 KiB) with room for the cells' overhead. Rows of short ids are ~150-300 bytes, so ten fit;
   * ids may be up to 128 characters of any script, and then fewer rows go together.
   */
  private static final int MAX_BATCH_BYTES = 3 * 1024;

  private static final Object UNKNOWN_REPLICAS = new Object();

  private final CqlSession session;
  private final int maxStatements;
  private final long lingerNanos;
  private final AtomicLong requests = new AtomicLong();
  private List<Pending> pending = new ArrayList<>(); // guarded by this
  private boolean flushScheduled; // guarded by this

  /**
   * @param maxStatements the most rows in one batch; 1 writes every row as it comes
   * @param linger        the longest a row waits for others
   */
  public CoalescedWrites(CqlSession session, int maxStatements, Duration linger) {
    if (maxStatements < 1) {
      throw new IllegalArgumentException("maxStatements must be at least 1, was " + maxStatements);
    }
    this.session = session;
    this.maxStatements = maxStatements;
    this.lingerNanos = linger.toNanos();
  }

  /** Writes every row with the next batches; completes when all of them are written. */
  public CompletionStage<Void> write(List<BoundStatement> statements) {
    if (statements.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (maxStatements == 1) {
      return allOf(statements.stream().map(this::execute).toList());
    }
    List<CompletableFuture<Void>> written = new ArrayList<>(statements.size());
    List<Pending> full = null;
    boolean schedule = false;
    synchronized (this) {
      for (BoundStatement statement : statements) {
        Pending row = new Pending(statement, new CompletableFuture<>());
        pending.add(row);
        written.add(row.written());
      }
      if (pending.size() >= maxStatements) {
        full = takePending();
      } else if (!flushScheduled) {
        flushScheduled = true;
        schedule = true;
      }
    }
    if (full != null) {
      send(full);
    } else if (schedule) {
      try {
        CompletableFuture.delayedExecutor(lingerNanos, TimeUnit.NANOSECONDS).execute(this::flushLingering);
      } catch (RuntimeException e) { // no thread for the timer: send now rather than leave the rows waiting
        flushLingering();
      }
    }
    return allOf(written);
  }

  /** Requests sent to Cassandra so far (a batch or a lone row is one): for tests and benchmarks. */
  public long requestsSent() {
    return requests.get();
  }

  private void flushLingering() {
    List<Pending> rows;
    synchronized (this) {
      flushScheduled = false;
      rows = takePending();
    }
    if (!rows.isEmpty()) {
      send(rows);
    }
  }

  private List<Pending> takePending() {
    List<Pending> rows = pending;
    pending = new ArrayList<>();
    return rows;
  }

  /**
   * Groups the rows by the replicas of their partition and sends each group in batches within the
   * limits. Whatever goes wrong before a batch is handed to the driver fails the rows not yet
   * sent, so no caller waits for an answer that will never come.
   */
  private void send(List<Pending> rows) {
    try {
      Optional<TokenMap> tokens = session.getMetadata().getTokenMap();
      Map<Object, List<Pending>> byReplicas = new LinkedHashMap<>();
      for (Pending row : rows) {
        byReplicas.computeIfAbsent(replicasOf(row.statement(), tokens), r -> new ArrayList<>()).add(row);
      }
      for (List<Pending> group : byReplicas.values()) {
        List<Pending> batch = new ArrayList<>();
        int bytes = 0;
        for (Pending row : group) {
          int size = valueBytes(row.statement());
          if (!batch.isEmpty() && (batch.size() == maxStatements || bytes + size > MAX_BATCH_BYTES)) {
            sendBatch(batch);
            batch = new ArrayList<>();
            bytes = 0;
          }
          batch.add(row);
          bytes += size;
        }
        sendBatch(batch);
      }
    } catch (RuntimeException e) {
      rows.forEach(row -> row.written().completeExceptionally(e)); // no effect on the rows already answered
    }
  }

  private void sendBatch(List<Pending> batch) {
    Statement<?> statement = batch.size() == 1 ? batch.get(0).statement()
        : BatchStatement.newInstance(DefaultBatchType.UNLOGGED)
            .addAll(batch.stream().map(Pending::statement).toList())
            .setIdempotent(true);
    execute(statement).whenComplete((done, failure) -> batch.forEach(row -> {
      if (failure == null) {
        row.written().complete(null);
      } else {
        row.written().completeExceptionally(failure);
      }
    }));
  }

  private CompletableFuture<Void> execute(Statement<?> statement) {
    requests.incrementAndGet();
    try {
      return session.executeAsync(statement).toCompletableFuture().thenApply(result -> null);
    } catch (RuntimeException e) { // the driver checks some things before it goes asynchronous
      return CompletableFuture.failedFuture(e);
    }
  }

  private static int valueBytes(BoundStatement statement) {
    int bytes = 0;
    for (ByteBuffer value : statement.getValues()) {
      bytes += value == null ? 0 : value.remaining();
    }
    return bytes;
  }

  private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> futures) {
    return futures.size() == 1 ? futures.get(0) : CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
  }

  /** The replicas that own the row's partition; one shared key where the driver cannot tell. */
  private static Object replicasOf(BoundStatement statement, Optional<TokenMap> tokens) {
    ByteBuffer key = statement.getRoutingKey();
    CqlIdentifier keyspace = statement.getRoutingKeyspace();
    if (tokens.isEmpty() || key == null || keyspace == null) {
      return UNKNOWN_REPLICAS;
    }
    Set<?> replicas = tokens.get().getReplicas(keyspace, key);
    return replicas.isEmpty() ? UNKNOWN_REPLICAS : replicas;
  }
}
