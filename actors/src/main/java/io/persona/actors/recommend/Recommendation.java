package io.persona.actors.recommend;

import java.time.Instant;
import java.util.List;

/**
 * A served list as the recommender made it (the public API shows it through the gateway's own
 * record, so this one may change without changing the API).
 *
 * @param modelKind  "popularity" until a trained model is served, then "dcn-v2" (or "logistic")
 * @param candidates how many candidates retrieval proposed for ranking
 */
public record Recommendation(String requestId, String userId, Instant servedAt, String modelVersion, String modelKind,
                             String variant, int candidates, List<Item> items) {

  public Recommendation {
    items = List.copyOf(items);
  }

  /**
   * @param score    calibrated probability of a positive outcome
   * @param source   the retrieval source that proposed the item
   * @param explored true if the slot was filled by exploration rather than by score
   */
  public record Item(String itemId, int position, String title, String category, double score, String source,
                     boolean explored) {}
}
