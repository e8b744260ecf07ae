package io.persona.actors.recommend;

import java.time.Instant;
import java.util.List;

/**
 * A served list as the recommender made it (the public API shows it through the gateway's own
 * record, so this one may change without changing the API).
 *
 * @param modelKind  "popularity" until a trained model is served, then "dcn-v2" (or "logistic")
 * @param candidates how many candidates retrieval proposed for ranking (or the caller sent and could be ranked)
 * @param unknownItems items the caller sent to be ranked that the catalog does not hold
 * @param leftOutItems items the caller sent that the request leaves out: unavailable, seen (with
 *                     seen=exclude), or not admitted by its filters
 */
public record Recommendation(String requestId, String userId, Instant servedAt, String modelVersion, String modelKind,
                             String variant, int candidates, List<Item> items, List<String> unknownItems,
                             List<String> leftOutItems) {

  public Recommendation {
    items = List.copyOf(items);
    unknownItems = List.copyOf(unknownItems);
    leftOutItems = List.copyOf(leftOutItems);
  }

  /** A retrieved list (no caller's candidates: nothing unknown or left out to report). */
  public Recommendation(String requestId, String userId, Instant servedAt, String modelVersion, String modelKind,
                        String variant, int candidates, List<Item> items) {
    this(requestId, userId, servedAt, modelVersion, modelKind, variant, candidates, items, List.of(), List.of());
  }

  /** The same list with each item's explanation (by item id) attached. */
  public Recommendation explained(java.util.Map<String, ItemExplanation> explanations) {
    return new Recommendation(requestId, userId, servedAt, modelVersion, modelKind, variant, candidates,
        items.stream().map(item -> item.withExplanation(explanations.get(item.itemId()))).toList(), unknownItems,
        leftOutItems);
  }

  /**
   * @param score       calibrated probability of a positive outcome
   * @param source      the retrieval source that proposed the item
   * @param explored    true if the slot was filled by exploration rather than by score
   * @param explanation why it is listed, when the request asked; null otherwise
   */
  public record Item(String itemId, int position, String title, String category, double score, String source,
                     boolean explored, ItemExplanation explanation) {

    public Item(String itemId, int position, String title, String category, double score, String source,
                boolean explored) {
      this(itemId, position, title, category, score, source, explored, null);
    }

    Item withExplanation(ItemExplanation newExplanation) {
      return new Item(itemId, position, title, category, score, source, explored, newExplanation);
    }
  }
}
