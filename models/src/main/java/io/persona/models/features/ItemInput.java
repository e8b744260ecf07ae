package io.persona.models.features;

import io.persona.models.catalog.Item;

import java.util.Objects;

/** One candidate: the catalog item, its behaviour statistics and its embedding (null if none). */
public record ItemInput(Item item, ItemStats stats, float[] embedding) {

  public ItemInput {
    Objects.requireNonNull(item, "item");
    stats = stats == null ? ItemStats.NONE : stats;
  }
}
