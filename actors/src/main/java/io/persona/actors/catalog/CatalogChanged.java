package io.persona.actors.catalog;

import io.persona.actors.serialization.KryoSerializable;
import io.persona.models.catalog.Item;

import java.util.List;
import java.util.Map;

/**
 * Published to every node's {@link CatalogReplica} when items or trained item embeddings were
 * written to Cassandra (written first, so a node that starts later loads the same state).
 */
public record CatalogChanged(List<Item> items, Map<String, float[]> embeddings) implements KryoSerializable {

  public static final String TOPIC = "persona-catalog";

  public CatalogChanged {
    items = List.copyOf(items);
    embeddings = Map.copyOf(embeddings);
  }
}
