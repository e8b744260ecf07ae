package io.persona.persistence.learning;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.persistence.timelog.NanoTimestamp;

import java.util.Optional;

/**
 * Stream jobs' offsets in Cassandra ({@code <keyspace>.stream_offsets}, see migration V004): one
 * row per stream, overwritten on each save. Blocking: a job saves after each interval it
 * finished, from its own blocking dispatcher.
 */
public final class StreamOffsetRepository {
  private final CqlSession session;
  private final PreparedStatement upsert;
  private final PreparedStatement selectOne;

  public StreamOffsetRepository(CqlSession session, String keyspace) {
    this.session = session;
    this.upsert = session.prepare("INSERT INTO " + keyspace + ".stream_offsets "
        + "(stream, offset_at, offset_nanos, counters, updated_at) VALUES (?, ?, ?, ?, ?)");
    this.selectOne = session.prepare("SELECT stream, offset_at, offset_nanos, counters, updated_at FROM "
        + keyspace + ".stream_offsets WHERE stream = ?");
  }

  public Optional<StreamOffset> load(String stream) {
    Row row = session.execute(selectOne.bind(stream)).one();
    if (row == null) {
      return Optional.empty();
    }
    return Optional.of(new StreamOffset(row.getString("stream"),
        NanoTimestamp.exact(row.getInstant("offset_at"), row.getInt("offset_nanos")),
        row.getMap("counters", String.class, Long.class), row.getInstant("updated_at")));
  }

  /** Replaces the stream's offset and counters as one row (the whole row, atomically). */
  public void save(StreamOffset offset) {
    session.execute(upsert.bind(offset.stream(), NanoTimestamp.millisOf(offset.offset()), offset.offset().getNano(),
        offset.counters(), offset.updatedAt()).setIdempotent(true));
  }
}
