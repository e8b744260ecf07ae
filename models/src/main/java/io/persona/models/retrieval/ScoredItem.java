package io.persona.models.retrieval;

import java.util.Objects;

/** An item with a source-specific score: higher is better, comparable only within one source. */
public record ScoredItem(String itemId, double score) {

  public ScoredItem {
    Objects.requireNonNull(itemId, "itemId");
  }
}
