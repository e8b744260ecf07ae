package io.persona.persistence.registry;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.artifact.ModelMetadata;
import io.persona.persistence.cassandra.ChunkedWrites;
import io.persona.persistence.cassandra.DriverFutures;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * The model registry in Cassandra (see migrations V004 and V010): every trained model's row
 * ({@code model_registry}), its artifact in chunks ({@code model_artifact_chunks}), the champion
 * pointer ({@code model_champion}) and the models that are challengers, newest first
 * ({@code model_challengers}). Blocking throughout: callers (the retraining loop, a node loading
 * its model) run it on a blocking dispatcher.
 */
public final class ModelRegistryRepository {
  /** Artifacts are tens of MB, above one mutation's limit; 1 MiB pieces are small writes. */
  private static final int CHUNK_BYTES = 1 << 20;
  /** Chunks written at once: enough to overlap round trips, few enough not to flood a node with MBs. */
  private static final int PARALLEL_CHUNKS = 4;
  /** Chunks per page when reading an artifact back, so one response holds a few MiB at most. */
  private static final int CHUNKS_PER_PAGE = 2;
  /** The champion pointer's row: the only model role there is so far. */
  private static final String RANKER = "ranker";
  /** Clustering key of a model without a createdAt in {@code model_challengers}: it sorts last. */
  private static final Instant NO_CREATED_AT = Instant.EPOCH;
  /** Rows of {@code model_challengers} read per page while looking for a live one. */
  private static final int CHALLENGERS_PER_PAGE = 8;
  /** The order of {@link #list()}: newest createdAt first (models without one last), then version. */
  private static final Comparator<RegisteredModel> NEWEST_FIRST =
      Comparator.comparing(RegisteredModel::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(RegisteredModel::version, Comparator.reverseOrder());
  private static final String COLUMNS = "version, kind, created_at, status, parent_version, data_from, data_to, "
      + "examples, metrics, evaluation, reason, size_bytes, chunks, status_changed_at";

  /** How long a refused model's artifact is kept unless the node's settings say otherwise. */
  public static final Duration DEFAULT_REJECTED_ARTIFACT_TTL = Duration.ofDays(3);

  private final CqlSession session;
  private final Duration rejectedArtifactTtl;
  private final PreparedStatement insertChunk;
  private final PreparedStatement insertExpiringChunk;
  private final PreparedStatement selectChunks;
  private final PreparedStatement insertModel;
  private final PreparedStatement selectModel;
  private final PreparedStatement selectModels;
  private final PreparedStatement updateStatus;
  private final PreparedStatement upsertChampion;
  private final PreparedStatement selectChampion;
  private final PreparedStatement insertChallenger;
  private final PreparedStatement deleteChallenger;
  private final PreparedStatement deleteChallengerAsOf;
  private final PreparedStatement selectChallengers;
  private final PreparedStatement selectStatusWritten;
  private final PreparedStatement selectStatusesWritten;
  private final PreparedStatement insertChallengerAsOf;
  private final PreparedStatement selectChunkWriteTimes;
  private final PreparedStatement deleteChunksAsOf;
  /** Whether this instance has added the registry's challengers to {@code model_challengers} once. */
  private final AtomicBoolean challengersFilled = new AtomicBoolean();

  public ModelRegistryRepository(CqlSession session, String keyspace) {
    this(session, keyspace, DEFAULT_REJECTED_ARTIFACT_TTL);
  }

  /**
   * @param rejectedArtifactTtl how long the chunks of a model registered as rejected are kept: the
   *                            trainer may refuse a challenger every cycle, each several MB
   */
  public ModelRegistryRepository(CqlSession session, String keyspace, Duration rejectedArtifactTtl) {
    this.session = session;
    this.rejectedArtifactTtl = rejectedArtifactTtl;
    this.insertChunk = session.prepare("INSERT INTO " + keyspace + ".model_artifact_chunks (version, chunk, data) "
        + "VALUES (?, ?, ?)");
    this.insertExpiringChunk = session.prepare("INSERT INTO " + keyspace
        + ".model_artifact_chunks (version, chunk, data) VALUES (?, ?, ?) USING TTL ?");
    // chunk < ?: only the chunks the registry row counts, whatever an earlier failed attempt left
    this.selectChunks = session.prepare("SELECT chunk, data FROM " + keyspace + ".model_artifact_chunks "
        + "WHERE version = ? AND chunk < ?");
    this.insertModel = session.prepare("INSERT INTO " + keyspace + ".model_registry (" + COLUMNS + ") "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.selectModel = session.prepare("SELECT " + COLUMNS + " FROM " + keyspace + ".model_registry WHERE version = ?");
    this.selectModels = session.prepare("SELECT " + COLUMNS + " FROM " + keyspace + ".model_registry");
    this.updateStatus = session.prepare("UPDATE " + keyspace + ".model_registry "
        + "SET status = ?, reason = ?, status_changed_at = ? WHERE version = ?");
    this.upsertChampion = session.prepare("INSERT INTO " + keyspace + ".model_champion (name, version, since, reason) "
        + "VALUES (?, ?, ?, ?)");
    this.selectChampion = session.prepare("SELECT version, since, reason FROM " + keyspace
        + ".model_champion WHERE name = ?");
    this.insertChallenger = session.prepare("INSERT INTO " + keyspace
        + ".model_challengers (role, created_at, version) VALUES (?, ?, ?)");
    this.deleteChallenger = session.prepare("DELETE FROM " + keyspace
        + ".model_challengers WHERE role = ? AND created_at = ? AND version = ?");
    this.deleteChallengerAsOf = session.prepare("DELETE FROM " + keyspace
        + ".model_challengers USING TIMESTAMP ? WHERE role = ? AND created_at = ? AND version = ?");
    this.selectChallengers = session.prepare("SELECT created_at, version FROM " + keyspace
        + ".model_challengers WHERE role = ?");
    this.selectStatusWritten = session.prepare("SELECT status, WRITETIME(status) AS written FROM " + keyspace
        + ".model_registry WHERE version = ?");
    this.selectStatusesWritten = session.prepare("SELECT version, created_at, status, WRITETIME(status) AS written FROM "
        + keyspace + ".model_registry");
    this.insertChallengerAsOf = session.prepare("INSERT INTO " + keyspace
        + ".model_challengers (role, created_at, version) VALUES (?, ?, ?) USING TIMESTAMP ?");
    this.selectChunkWriteTimes = session.prepare("SELECT TTL(data) AS ttl, WRITETIME(data) AS written FROM " + keyspace
        + ".model_artifact_chunks WHERE version = ?");
    this.deleteChunksAsOf = session.prepare("DELETE FROM " + keyspace
        + ".model_artifact_chunks USING TIMESTAMP ? WHERE version = ?");
  }

  /**
   * Stores the artifact in chunks, then its registry row: a model that is listed is always
   * loadable (a failure half-way leaves unlisted chunks, which a retry overwrites). Versions are
   * minted once by the trainer; registering one again is refused, so a mistake can never
   * overwrite the chunks of a model that is listed.
   *
   * @throws IllegalArgumentException if the version is already registered
   */
  public RegisteredModel register(ModelArtifact artifact, ModelStatus status, Map<String, Double> evaluation,
                                  String reason) {
    String version = artifact.version();
    if (find(version).isPresent()) {
      throw new IllegalArgumentException("model " + version + " is already registered");
    }
    byte[] bytes = artifact.toBytes();
    int chunks = (int) ((bytes.length + (long) CHUNK_BYTES - 1) / CHUNK_BYTES);
    List<Integer> indices = IntStream.range(0, chunks).boxed().toList();
    // a refused model's artifact expires (Cassandra's TTL is an int of seconds, at most 20 years)
    int ttlSeconds = (int) Math.min(rejectedArtifactTtl.toSeconds(), 630_720_000L);
    DriverFutures.await(ChunkedWrites.run(indices, PARALLEL_CHUNKS, chunk -> {
      int start = chunk * CHUNK_BYTES;
      ByteBuffer data = ByteBuffer.wrap(Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + CHUNK_BYTES)));
      BoundStatement insert = status == ModelStatus.REJECTED
          ? insertExpiringChunk.bind(version, chunk, data, ttlSeconds) : insertChunk.bind(version, chunk, data);
      return session.executeAsync(insert.setIdempotent(true));
    }));

    ModelMetadata metadata = artifact.metadata();
    RegisteredModel model = new RegisteredModel(version, metadata.kind(), millis(metadata.createdAt()), status,
        metadata.parentVersion(), millis(metadata.dataFrom()), millis(metadata.dataTo()), metadata.trainingExamples(),
        metadata.metrics(), evaluation, reason, bytes.length, now());
    BoundStatement row = insertModel.bind(model.version(), model.kind(), model.createdAt(), status.stored(),
        model.parentVersion(), model.dataFrom(), model.dataTo(), model.examples(), model.metrics(), model.evaluation(),
        model.reason(), model.sizeBytes(), chunks, model.statusChangedAt());
    if (status == ModelStatus.CHALLENGER) {
      // the row and its place among the challengers together, or neither
      session.execute(BatchStatement.newInstance(BatchType.LOGGED).add(row).add(challengerRow(model))
          .setIdempotent(true));
    } else {
      session.execute(row.setIdempotent(true));
    }
    return model;
  }

  /** Every registered model, newest createdAt first (models without one last). */
  public List<RegisteredModel> list() {
    List<RegisteredModel> models = new ArrayList<>();
    // a full scan: the registry holds a few models a day and is read by operators and the loop
    for (Row row : session.execute(selectModels.bind())) {
      models.add(toModel(row));
    }
    models.sort(NEWEST_FIRST);
    return models;
  }

  /**
   * The newest model registered as a challenger, if any (the A/B share serves it): the first row
   * of {@code model_challengers} whose model is still a challenger, usually one partition read and
   * one row read. The first call on each instance adds every challenger of the registry once (one
   * scan): a keyspace written before the table existed, or challengers an older release
   * registered. A row whose model is no longer a challenger (an older release changed its status)
   * is deleted as of that change, so a later return to challenger, written after it, stays; a row
   * whose registry row is not there yet (the batch is still reaching that table) is skipped.
   */
  public Optional<String> newestChallenger() {
    if (!challengersFilled.get()) {
      fillChallengers();
      challengersFilled.set(true); // only once it succeeded: a failed fill is tried again at the next call
    }
    for (Row row : session.execute(selectChallengers.bind(RANKER).setPageSize(CHALLENGERS_PER_PAGE))) {
      String version = row.getString("version");
      Row model = session.execute(selectStatusWritten.bind(version)).one();
      if (model == null) {
        // a logged batch reaches its tables one after the other: the registry row is on its way
        continue;
      }
      if (ModelStatus.fromStored(model.getString("status")) == ModelStatus.CHALLENGER) {
        return Optional.of(version);
      }
      session.execute(deleteChallengerAsOf.bind(model.getLong("written"), RANKER, row.getInstant("created_at"),
          version).setIdempotent(true));
    }
    return Optional.empty();
  }

  /**
   * Adds every challenger of the registry, each as of its status's own write: a status change after
   * the scan read it (a promotion, a refusal) then still wins over this late copy.
   */
  private void fillChallengers() {
    for (Row row : session.execute(selectStatusesWritten.bind())) {
      if (ModelStatus.fromStored(row.getString("status")) == ModelStatus.CHALLENGER) {
        Instant createdAt = row.getInstant("created_at");
        session.execute(insertChallengerAsOf.bind(RANKER, createdAt == null ? NO_CREATED_AT : createdAt,
            row.getString("version"), row.getLong("written")).setIdempotent(true));
      }
    }
  }

  private BoundStatement challengerRow(RegisteredModel model) {
    return insertChallenger.bind(RANKER, challengerKey(model), model.version());
  }

  private BoundStatement notAChallenger(RegisteredModel model) {
    return deleteChallenger.bind(RANKER, challengerKey(model), model.version());
  }

  private static Instant challengerKey(RegisteredModel model) {
    return model.createdAt() == null ? NO_CREATED_AT : model.createdAt();
  }

  public Optional<RegisteredModel> find(String version) {
    return Optional.ofNullable(session.execute(selectModel.bind(version)).one()).map(ModelRegistryRepository::toModel);
  }

  /**
   * The artifact of a registered model, reassembled from its chunks; empty if the version is not
   * registered.
   *
   * @throws IllegalStateException if chunks are missing or the size differs from the registry's
   */
  public Optional<ModelArtifact> loadArtifact(String version) {
    Row model = session.execute(selectModel.bind(version)).one();
    if (model == null) {
      return Optional.empty();
    }
    int chunks = model.getInt("chunks");
    int sizeBytes = model.getInt("size_bytes");
    byte[] bytes = new byte[sizeBytes];
    int expected = 0;
    int filled = 0;
    for (Row row : session.execute(selectChunks.bind(version, chunks).setPageSize(CHUNKS_PER_PAGE))) {
      ByteBuffer data = row.getByteBuffer("data");
      if (data == null || row.getInt("chunk") != expected || filled + data.remaining() > sizeBytes) {
        break;
      }
      int length = data.remaining();
      data.duplicate().get(bytes, filled, length);
      filled += length;
      expected++;
    }
    if (expected != chunks || filled != sizeBytes) {
      throw new IllegalStateException("artifact of model " + version + " is incomplete: read " + expected + " of "
          + chunks + " chunks in order, " + filled + " of " + sizeBytes + " bytes");
    }
    ModelArtifact artifact = ModelArtifact.fromBytes(bytes);
    if (!artifact.version().equals(version)) {
      throw new IllegalStateException("the chunks of model " + version + " hold model " + artifact.version());
    }
    return Optional.of(artifact);
  }

  /**
   * Deletes the artifact of a model that is still refused, before its TTL would: the trainer keeps
   * only its newest refused artifacts. Its registry row (metrics, the gate's reasons) stays, and
   * bringing it back is refused from then on, as after the TTL. An operator may be bringing it back
   * at this very moment ({@link #keepArtifact} rewrites the chunks without a TTL, then changes the
   * status): a chunk without a TTL means that has begun, and nothing is dropped; the delete is as of
   * the refused chunks' own writes, so chunks rewritten after this read outlive it.
   *
   * @return whether there were chunks to drop (false: not registered, no longer refused, being
   *         kept, or gone)
   */
  public boolean dropRefusedArtifact(String version) {
    Optional<RegisteredModel> model = find(version);
    if (model.isEmpty() || model.get().status() != ModelStatus.REJECTED) {
      return false;
    }
    long newestWrite = Long.MIN_VALUE;
    for (Row row : session.execute(selectChunkWriteTimes.bind(version))) {
      if (row.isNull("ttl")) {
        return false; // written again to be kept: only a refused model's chunks expire
      }
      if (!row.isNull("written")) {
        newestWrite = Math.max(newestWrite, row.getLong("written"));
      }
    }
    if (newestWrite == Long.MIN_VALUE) {
      return false;
    }
    // one partition tombstone: the chunks' space is freed at the next compaction that meets it
    session.execute(deleteChunksAsOf.bind(newestWrite, version).setIdempotent(true));
    return true;
  }

  /** @throws IllegalArgumentException if the version is not registered (an update would create a row) */
  public void setStatus(String version, ModelStatus status, String reason) {
    requireRegistered(version);
    if (status != ModelStatus.REJECTED) {
      keepArtifact(version);
    }
    RegisteredModel model = find(version).orElseThrow();
    session.execute(BatchStatement.newInstance(BatchType.LOGGED)
        .add(updateStatus.bind(status.stored(), reason, now(), version))
        .add(status == ModelStatus.CHALLENGER ? challengerRow(model) : notAChallenger(model))
        .setIdempotent(true));
  }

  public Optional<ChampionPointer> champion() {
    Row row = session.execute(selectChampion.bind(RANKER)).one();
    return Optional.ofNullable(row)
        .map(r -> new ChampionPointer(r.getString("version"), r.getInstant("since"), r.getString("reason")));
  }

  /**
   * Makes {@code version} the champion: points the champion row at it, marks it CHAMPION and the
   * previous champion RETIRED. One logged batch, so the three rows change together (a coordinator
   * failure half-way is replayed from the batch log): never a pointer to a model still listed as
   * a challenger, never two champions. The caller decides what may be promoted (an operator may
   * bring back a rejected or retired model).
   *
   * @throws IllegalArgumentException if the version is not registered
   */
  public void promote(String version, String reason) {
    requireRegistered(version);
    keepArtifact(version);
    Optional<ChampionPointer> previous = champion();
    Instant now = now();
    BatchStatement batch = BatchStatement.newInstance(BatchType.LOGGED)
        .add(upsertChampion.bind(RANKER, version, now, reason))
        .add(updateStatus.bind(ModelStatus.CHAMPION.stored(), reason, now, version))
        .add(notAChallenger(find(version).orElseThrow()));
    Optional<RegisteredModel> retired = previous.map(ChampionPointer::version)
        .filter(previousVersion -> !previousVersion.equals(version))
        .flatMap(this::find);
    if (retired.isPresent()) {
      batch = batch.add(updateStatus.bind(ModelStatus.RETIRED.stored(), "replaced by " + version, now,
              retired.get().version()))
          .add(notAChallenger(retired.get()));
    }
    session.execute(batch.setIdempotent(true));
  }

  /**
   * A refused model's chunks expire; a model brought back from refused keeps them for good: its
   * chunks are written again, as they are, without a TTL (before its row says otherwise, so a
   * champion's artifact never expires under it).
   *
   * @throws IllegalStateException if its artifact already expired (or is incomplete)
   */
  private void keepArtifact(String version) {
    RegisteredModel model = find(version).orElseThrow();
    if (model.status() != ModelStatus.REJECTED) {
      return;
    }
    loadArtifact(version); // complete and whole, or an IllegalStateException that says what is missing
    int chunks = session.execute(selectModel.bind(version)).one().getInt("chunks");
    List<Row> rows = new ArrayList<>();
    session.execute(selectChunks.bind(version, chunks).setPageSize(CHUNKS_PER_PAGE)).forEach(rows::add);
    if (rows.size() != chunks) {
      // chunks expired between the two reads: rewriting the rest would list a model that cannot load
      throw new IllegalStateException("the artifact of model " + version + " expired while it was being kept ("
          + rows.size() + " of " + chunks + " chunks left); it cannot be brought back");
    }
    DriverFutures.await(ChunkedWrites.run(rows, PARALLEL_CHUNKS, row -> session.executeAsync(
        insertChunk.bind(version, row.getInt("chunk"), row.getByteBuffer("data")).setIdempotent(true))));
  }

  private void requireRegistered(String version) {
    if (find(version).isEmpty()) {
      throw new IllegalArgumentException("model " + version + " is not registered");
    }
  }

  private static RegisteredModel toModel(Row row) {
    return new RegisteredModel(
        row.getString("version"),
        row.getString("kind"),
        row.getInstant("created_at"),
        ModelStatus.fromStored(row.getString("status")),
        row.getString("parent_version"),
        row.getInstant("data_from"),
        row.getInstant("data_to"),
        row.getLong("examples"),
        row.getMap("metrics", String.class, Double.class),
        row.getMap("evaluation", String.class, Double.class),
        row.getString("reason"),
        row.getInt("size_bytes"),
        row.getInstant("status_changed_at"));
  }

  /** What a Cassandra timestamp keeps of an Instant, so a returned model equals the stored one. */
  private static Instant millis(Instant at) {
    return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
  }

  private static Instant now() {
    return millis(Instant.now());
  }
}
