package io.persona.actors.catalog;

import io.persona.actors.serialization.KryoSerializable;
import io.persona.models.catalog.Item;

import java.util.List;
import java.util.Map;

/**
 * Published to every node's {@link CatalogReplica} when items or trained item embeddings were
 * written to Cassandra, or items deleted from it (Cassandra first, so a node that starts later
 * loads the same state).
 *
 * @param removed ids of items deleted from the catalog (DELETE /v1/items/{id}). A node of the
 *                release before this field cannot read such a message (it is dropped with an
 *                error log during a rolling upgrade); the periodic reconciliation heals it
 */
public record CatalogChanged(List<Item> items, Map<String, float[]> embeddings, List<String> removed)
    implements KryoSerializable {

  public static final String TOPIC = "persona-catalog";

  public CatalogChanged {
    items = List.copyOf(items);
    embeddings = Map.copyOf(embeddings);
    removed = List.copyOf(removed);
  }

  public CatalogChanged(List<Item> items, Map<String, float[]> embeddings) {
    this(items, embeddings, List.of());
  }

  public static CatalogChanged removal(List<String> itemIds) {
    return new CatalogChanged(List.of(), Map.of(), itemIds);
  }
}
