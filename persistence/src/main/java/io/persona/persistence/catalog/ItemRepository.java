package io.persona.persistence.catalog;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.persona.models.catalog.Item;
import io.persona.persistence.cassandra.ChunkedWrites;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The item catalog in Cassandra ({@code <keyspace>.items}). All calls are asynchronous except
 * {@link #loadAll()}, which a node makes at start and at each catalog reconciliation.
 */
public final class ItemRepository {
  private final CqlSession session;
  private final PreparedStatement upsert;
  private final PreparedStatement selectOne;
  private final PreparedStatement selectAll;
  private final PreparedStatement delete;

  public ItemRepository(CqlSession session, String keyspace) {
    this.session = session;
    this.delete = session.prepare("DELETE FROM " + keyspace + ".items WHERE item_id = ?");
    this.upsert = session.prepare("INSERT INTO " + keyspace + ".items "
        + "(item_id, title, category, tags, attributes, available, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.selectOne = session.prepare("SELECT item_id, title, category, tags, attributes, available, created FROM "
        + keyspace + ".items WHERE item_id = ?");
    this.selectAll = session.prepare("SELECT item_id, title, category, tags, attributes, available, created FROM "
        + keyspace + ".items");
  }

  /** Writes every item (an upsert per row: each item is atomic, the batch as a whole is not). */
  public CompletionStage<Integer> upsertAll(List<Item> items) {
    Instant now = Instant.now();
    // A share of the connection's request slots: several catalog writes, ingest and the journal
    // use the same connection, and a write past the limit fails instead of waiting.
    return ChunkedWrites.run(items, Math.max(1, ChunkedWrites.inFlightLimit(session) / 8),
        item -> session.executeAsync(upsert.bind(item.itemId(), item.title(), item.category(), item.tags(),
            item.attributes(), item.available(), item.created(), now)));
  }

  public CompletionStage<Void> delete(String itemId) {
    return session.executeAsync(delete.bind(itemId).setIdempotent(true)).thenApply(rs -> null);
  }

  public CompletionStage<Optional<Item>> find(String itemId) {
    return session.executeAsync(selectOne.bind(itemId))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(ItemRepository::toItem));
  }

  /**
   * The whole catalog. Blocking: it pages through the table (the driver fetches the next page as
   * the iteration reaches it), fine for a node's start-up with ~100k items, never for a driver or
   * actor thread.
   */
  public List<Item> loadAll() {
    List<Item> items = new ArrayList<>();
    for (Row row : session.execute(selectAll.bind())) {
      items.add(toItem(row));
    }
    return items;
  }

  private static Item toItem(Row row) {
    return new Item(
        row.getString("item_id"),
        row.getString("title"),
        row.getString("category"),
        row.getList("tags", String.class),
        row.getMap("attributes", String.class, String.class),
        row.getBoolean("available"),
        row.getInstant("created"));
  }
}
