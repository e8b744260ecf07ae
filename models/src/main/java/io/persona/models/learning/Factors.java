package io.persona.models.learning;

import java.util.Map;

/** User and item embeddings in one space: u·v scores how much a user prefers an item. */
public record Factors(Map<String, float[]> users, Map<String, float[]> items) {

  public Factors {
    users = Map.copyOf(users);
    items = Map.copyOf(items);
  }
}
