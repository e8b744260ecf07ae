package io.persona.models.features;

import io.persona.models.catalog.Item;

import java.util.Objects;

/**
 * One candidate: the catalog item, its behaviour statistics, its embedding (null if none) and what
 * the retrieval sources scored it for this user ({@link RetrievalSignals#NONE} if nothing).
 */
public record ItemInput(Item item, ItemStats stats, float[] embedding, RetrievalSignals retrieval) {

  public ItemInput {
    Objects.requireNonNull(item, "item");
    stats = stats == null ? ItemStats.NONE : stats;
    retrieval = retrieval == null ? RetrievalSignals.NONE : retrieval;
  }

  public ItemInput(Item item, ItemStats stats, float[] embedding) {
    this(item, stats, embedding, RetrievalSignals.NONE);
  }
}
