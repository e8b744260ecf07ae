package io.persona.simulations.quality.served;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of GET /v1/users/{id}/recommendations as the benchmark keeps it: the items best first,
 * where each slot came from, and which model served the list.
 *
 * @param sources  the retrieval source of each slot ({@code history}, {@code ann}, {@code popular}, ...)
 * @param explored whether each slot was filled by exploration rather than by score
 */
public record ServedList(List<String> itemIds, List<String> sources, List<Boolean> explored, String modelKind,
                         String modelVersion) {

  public ServedList {
    itemIds = List.copyOf(itemIds);
    sources = List.copyOf(sources);
    explored = List.copyOf(explored);
    if (sources.size() != itemIds.size() || explored.size() != itemIds.size()) {
      throw new IllegalArgumentException("one source and one exploration flag per item");
    }
  }

  /** From the response body (RecommendationJson's shape). */
  public static ServedList of(JsonNode body) {
    List<String> items = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<Boolean> explored = new ArrayList<>();
    for (JsonNode item : body.path("items")) {
      items.add(item.path("itemId").asText());
      sources.add(item.path("source").asText("unknown"));
      explored.add(item.path("explored").asBoolean(false));
    }
    return new ServedList(items, sources, explored, body.path("modelKind").asText("unknown"),
        body.path("modelVersion").asText("unknown"));
  }
}
