package io.persona.persistence.learning;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.history.HistoryModel;
import io.persona.models.history.HistoryModelCodec;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Stored history models (migration V006): the encoded model in chunks under its version, and the
 * pointer to the one every node serves. Blocking: for the learning loop and model loading, never
 * for a request.
 */
public final class HistoryModelRepository {
  private static final int CHUNK = 1 << 20;

  private final CqlSession session;
  private final Duration keep;
  private final PreparedStatement insertChunk;
  private final PreparedStatement selectChunks;
  private final PreparedStatement setCurrent;
  private final PreparedStatement selectCurrent;

  /** @param keep how long a version's chunks are kept (it must outlive its time as the current one) */
  public HistoryModelRepository(CqlSession session, String keyspace, Duration keep) {
    this.session = session;
    this.keep = keep;
    this.insertChunk = session.prepare("INSERT INTO " + keyspace + ".history_models (version, chunk, bytes, chunks, "
        + "size_bytes) VALUES (?, ?, ?, ?, ?) USING TTL ?");
    this.selectChunks = session.prepare("SELECT chunk, bytes, chunks, size_bytes FROM " + keyspace
        + ".history_models WHERE version = ?");
    this.setCurrent = session.prepare("INSERT INTO " + keyspace + ".history_model_current (id, version, trained_at) "
        + "VALUES (0, ?, ?)");
    this.selectCurrent = session.prepare("SELECT version FROM " + keyspace + ".history_model_current WHERE id = 0");
  }

  /** Stores the model and makes it the current one: chunks first, the pointer last. */
  public void publish(HistoryModel model) {
    byte[] bytes = HistoryModelCodec.encode(model);
    int chunks = Math.max(1, (bytes.length + CHUNK - 1) / CHUNK);
    int ttl = (int) Math.min(Integer.MAX_VALUE, keep.toSeconds());
    for (int chunk = 0; chunk < chunks; chunk++) {
      byte[] part = Arrays.copyOfRange(bytes, chunk * CHUNK, Math.min(bytes.length, (chunk + 1) * CHUNK));
      session.execute(insertChunk.bind(model.version(), chunk, ByteBuffer.wrap(part), chunks, (long) bytes.length, ttl)
          .setIdempotent(true));
    }
    session.execute(setCurrent.bind(model.version(), model.trainedAt()).setIdempotent(true));
  }

  /** The version every node should serve, if one was ever published. */
  public Optional<String> currentVersion() {
    return Optional.ofNullable(session.execute(selectCurrent.bind()).one()).map(row -> row.getString("version"));
  }

  /**
   * The stored model of {@code version}; empty when it is unknown or expired.
   *
   * @throws IllegalStateException when chunks are missing
   */
  public Optional<HistoryModel> load(String version) {
    byte[][] parts = null;
    long size = 0;
    int found = 0;
    for (Row row : session.execute(selectChunks.bind(version))) {
      if (parts == null) {
        parts = new byte[row.getInt("chunks")][];
        size = row.getLong("size_bytes");
      }
      ByteBuffer buffer = row.getByteBuffer("bytes");
      byte[] part = new byte[buffer.remaining()];
      buffer.get(part);
      parts[row.getInt("chunk")] = part;
      found++;
    }
    if (parts == null) {
      return Optional.empty();
    }
    if (found != parts.length) {
      throw new IllegalStateException("history model " + version + " has " + found + " of " + parts.length + " chunks");
    }
    byte[] bytes = new byte[(int) size];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, bytes, at, part.length);
      at += part.length;
    }
    return Optional.of(HistoryModelCodec.decode(bytes));
  }
}
