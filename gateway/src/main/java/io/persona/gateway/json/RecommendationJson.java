package io.persona.gateway.json;

import io.persona.actors.recommend.Recommendation;

import java.time.Instant;
import java.util.List;

/**
 * A served list as the public API shows it, over HTTP and on live sockets. Defined here, apart
 * from the recommender's own result, so that nothing inside the cluster changes the API's shape
 * by accident: the field order is the JSON order.
 *
 * @param modelKind  "popularity" until a trained model is served, then "dcn-v2" (or "logistic")
 * @param candidates how many candidates retrieval proposed for ranking
 */
public record RecommendationJson(String requestId, String userId, Instant servedAt, String modelVersion,
                                 String modelKind, String variant, int candidates, List<ItemJson> items) {

  /**
   * @param score    calibrated probability of a positive outcome
   * @param source   the retrieval source that proposed the item
   * @param explored true if the slot was filled by exploration rather than by score
   */
  public record ItemJson(String itemId, int position, String title, String category, double score, String source,
                         boolean explored) {}

  public static RecommendationJson of(Recommendation served) {
    return new RecommendationJson(served.requestId(), served.userId(), served.servedAt(), served.modelVersion(),
        served.modelKind(), served.variant(), served.candidates(), served.items().stream()
        .map(item -> new ItemJson(item.itemId(), item.position(), item.title(), item.category(), item.score(),
            item.source(), item.explored()))
        .toList());
  }
}
