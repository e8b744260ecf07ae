package io.persona.gateway.json;

import io.persona.actors.recommend.ItemExplanation;
import io.persona.actors.recommend.Recommendation;
import io.persona.models.features.RetrievalSignals;

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
   * @param score       calibrated probability of a positive outcome
   * @param source      the retrieval source that proposed the item
   * @param explored    true if the slot was filled by exploration rather than by score
   * @param explanation why it is listed, only when the request asked ({@code explain=true})
   */
  public record ItemJson(String itemId, int position, String title, String category, double score, String source,
                         boolean explored, ExplanationJson explanation) {}

  /**
   * @param sources   each retrieval source's score of the item, scaled by that source's best for the
   *                  user (1: about its top item for them; 0: nothing from that source; ALS may be
   *                  negative); every source scores every candidate, whichever proposed it
   * @param becauseOf the user's recent items it goes with in everyone's history, strongest first
   * @param orderedBy "ranker" (the served model placed the item) or "blend" (the history sources,
   *                  with the shares measured on the history)
   * @param features  the features that moved the item's ordering score most, largest in size first:
   *                  for the ranker, its score with the feature minus without it (set to the
   *                  candidates' mean, or unknown); for the blend, each source's share times its
   *                  scaled score (they add up to the blend's score)
   */
  public record ExplanationJson(SourcesJson sources, List<BecauseJson> becauseOf, String orderedBy,
                                List<FeatureJson> features) {}

  /** @param effect how much the feature raised (positive) or lowered the item's ordering score */
  public record FeatureJson(String feature, double effect) {}

  public record SourcesJson(double coOccurrence, double repeat, double popularity, double als, double trending) {}

  /** @param similarity co-occurrence's similarity of the listed item to {@code itemId} */
  public record BecauseJson(String itemId, double similarity) {}

  public static RecommendationJson of(Recommendation served) {
    return new RecommendationJson(served.requestId(), served.userId(), served.servedAt(), served.modelVersion(),
        served.modelKind(), served.variant(), served.candidates(), served.items().stream()
        .map(item -> new ItemJson(item.itemId(), item.position(), item.title(), item.category(), item.score(),
            item.source(), item.explored(), explanation(item.explanation())))
        .toList());
  }

  /** An item's explanation as the API shows it; null when none was asked for. */
  public static ExplanationJson explanation(ItemExplanation explained) {
    if (explained == null) {
      return null;
    }
    RetrievalSignals s = explained.sources();
    return new ExplanationJson(new SourcesJson(s.coOccurrence(), s.repeat(), s.popularity(), s.als(), s.trending()),
        explained.becauseOf().stream().map(b -> new BecauseJson(b.itemId(), b.similarity())).toList(),
        explained.orderedBy(), explained.features().stream().map(f -> new FeatureJson(f.feature(), f.effect())).toList());
  }
}
