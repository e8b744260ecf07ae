package io.persona.simulations.learning;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What one recommendation request answered: the list, in the order shown, the retrieval source of
 * each item, and what served it.
 * Missing fields read as "unknown" rather than failing the loop: the simulator measures, it does
 * not validate the API.
 */
record Slate(String requestId, String modelVersion, String modelKind, List<String> itemIds, List<String> sources) {

  static Slate from(JsonNode json) {
    List<String> ids = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (JsonNode item : json.path("items")) {
      ids.add(item.path("itemId").asText());
      sources.add(item.path("source").asText("unknown"));
    }
    return new Slate(json.path("requestId").asText(""), json.path("modelVersion").asText("unknown"),
        json.path("modelKind").asText("unknown"), List.copyOf(ids), List.copyOf(sources));
  }
}
