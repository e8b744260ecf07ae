package io.persona.persistence.catalog;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.persistence.cassandra.ChunkedWrites;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Trained item embeddings in Cassandra ({@code <keyspace>.item_embeddings}), stored as
 * {@link EmbeddingBlob}s so every float reads back bit for bit. Items without a row are not
 * trained yet; the ranker gives them a cold-start embedding.
 */
public final class ItemEmbeddingRepository {
  private final CqlSession session;
  private final PreparedStatement upsert;
  private final PreparedStatement selectOne;
  private final PreparedStatement selectAll;
  private final PreparedStatement delete;

  public ItemEmbeddingRepository(CqlSession session, String keyspace) {
    this.delete = session.prepare("DELETE FROM " + keyspace + ".item_embeddings WHERE item_id = ?");
    this.session = session;
    this.upsert = session.prepare("INSERT INTO " + keyspace + ".item_embeddings (item_id, embedding, updated) "
        + "VALUES (?, ?, ?)");
    this.selectOne = session.prepare("SELECT embedding FROM " + keyspace + ".item_embeddings WHERE item_id = ?");
    this.selectAll = session.prepare("SELECT item_id, embedding FROM " + keyspace + ".item_embeddings");
  }

  /**
   * Writes every embedding, one idempotent upsert per item (each row is atomic, the whole is not;
   * repeating a failed call is safe). Writes go out in chunks the driver can take at once.
   */
  public CompletionStage<Integer> upsertAll(Map<String, float[]> embeddings) {
    Instant now = Instant.now();
    List<Map.Entry<String, float[]>> entries = List.copyOf(embeddings.entrySet());
    return ChunkedWrites.run(entries, Math.max(1, ChunkedWrites.inFlightLimit(session) / 8), entry ->
        session.executeAsync(upsert.bind(entry.getKey(), EmbeddingBlob.encode(entry.getValue()), now)
            .setIdempotent(true)));
  }

  public CompletionStage<Void> delete(String itemId) {
    return session.executeAsync(delete.bind(itemId).setIdempotent(true)).thenApply(rs -> null);
  }

  public CompletionStage<Optional<float[]>> find(String itemId) {
    return session.executeAsync(selectOne.bind(itemId))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(row -> EmbeddingBlob.decode(row.getByteBuffer("embedding"))));
  }

  /**
   * Every stored embedding, by item id. Blocking: it pages through the whole table (the driver
   * fetches the next page as the iteration reaches it), for a node's start-up, never for a
   * driver or actor thread.
   */
  public Map<String, float[]> loadAll() {
    Map<String, float[]> embeddings = new HashMap<>();
    for (Row row : session.execute(selectAll.bind())) {
      embeddings.put(row.getString("item_id"), EmbeddingBlob.decode(row.getByteBuffer("embedding")));
    }
    return embeddings;
  }
}
