package io.persona.gateway.json;

import io.persona.models.retrieval.ItemVectorIndex;
import com.fasterxml.jackson.databind.JsonNode;
import io.persona.models.validation.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional {@code "embedding"} of catalog items: a trained item vector of exactly the
 * configured dimension, finite numbers of magnitude at most {@link ItemVectorIndex#MAX_COMPONENT}
 * (inner products of larger ones could overflow). Items without one get a cold-start embedding.
 */
public final class EmbeddingJson {

  /** Embeddings by item id, and errors under {@code [i].embedding}. */
  public record Read(Map<String, float[]> embeddings, List<FieldError> errors) {}

  private EmbeddingJson() {}

  public static Read read(List<JsonNode> objects, int dimension) {
    Map<String, float[]> embeddings = new LinkedHashMap<>();
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      JsonNode node = objects.get(i).get("embedding");
      if (node == null || node.isNull()) {
        continue;
      }
      String at = "[" + i + "].embedding";
      if (!node.isArray() || node.size() != dimension) {
        errors.add(new FieldError(at, "must be an array of " + dimension + " numbers"));
        continue;
      }
      float[] vector = new float[dimension];
      boolean ok = true;
      for (int d = 0; d < dimension && ok; d++) {
        JsonNode value = node.get(d);
        ok = value.isNumber() && Float.isFinite((float) value.asDouble())
            && Math.abs(value.asDouble()) <= ItemVectorIndex.MAX_COMPONENT;
        vector[d] = (float) value.asDouble();
      }
      JsonNode itemId = objects.get(i).get("itemId");
      if (!ok) {
        errors.add(new FieldError(at, "must hold finite numbers between -" + ItemVectorIndex.MAX_COMPONENT + " and "
            + ItemVectorIndex.MAX_COMPONENT + " only"));
      } else if (allZero(vector)) {
        // no direction: no neighbours under cosine, a score of 0 for everyone under inner product
        errors.add(new FieldError(at, "must not be all zeros"));
      } else if (itemId != null && itemId.isTextual()) {
        embeddings.put(itemId.asText(), vector);
      }
    }
    return new Read(embeddings, errors);
  }

  private static boolean allZero(float[] vector) {
    for (float v : vector) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }
}
