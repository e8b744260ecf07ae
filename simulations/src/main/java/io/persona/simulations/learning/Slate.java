package io.persona.simulations.learning;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What one recommendation request answered: the list, in the order shown, and what served it.
 * Missing fields read as "unknown" rather than failing the loop: the simulator measures, it does
 * not validate the API.
 */
record Slate(String requestId, String modelVersion, String modelKind, List<String> itemIds) {

  static Slate from(JsonNode json) {
    List<String> ids = new ArrayList<>();
    for (JsonNode item : json.path("items")) {
      ids.add(item.path("itemId").asText());
    }
    return new Slate(json.path("requestId").asText(""), json.path("modelVersion").asText("unknown"),
        json.path("modelKind").asText("unknown"), List.copyOf(ids));
  }
}
