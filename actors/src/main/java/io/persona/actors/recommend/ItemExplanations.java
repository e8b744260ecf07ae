package io.persona.actors.recommend;

import io.persona.models.features.RetrievalSignals;
import io.persona.models.history.HistoryModel;
import io.persona.models.history.SourceWeights;
import io.persona.models.ranking.FeatureAttribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ItemExplanation}s of a served list from what serving computed anyway: the
 * sources' scaled scores of each candidate and the co-occurrence seeds the user's list was retrieved
 * with, plus the features that moved each item's score. Each seed's neighbours are read once per
 * list, not once per item.
 */
final class ItemExplanations {
  static final int MAX_BECAUSE = 3;
  static final int MAX_FEATURES = 5;

  private ItemExplanations() {}

  /**
   * Each source's share of an item's blend score: the blend orders by their sum, so these are its
   * exact parts; sources that add nothing are left out.
   */
  static List<FeatureAttribution.Effect> blendParts(RetrievalSignals signals, SourceWeights weights) {
    List<FeatureAttribution.Effect> parts = new ArrayList<>();
    addPart(parts, "retrieval_co_occurrence", weights.coOccurrence() * signals.coOccurrence());
    addPart(parts, "retrieval_repeat", weights.repeat() * signals.repeat());
    addPart(parts, "retrieval_popularity", weights.popularity() * signals.popularity());
    addPart(parts, "retrieval_als", weights.als() * signals.als());
    addPart(parts, "retrieval_trending", weights.trending() * signals.trending());
    parts.sort(Comparator.comparingDouble((FeatureAttribution.Effect e) -> -Math.abs(e.effect()))
        .thenComparing(FeatureAttribution.Effect::feature));
    return List.copyOf(parts.subList(0, Math.min(MAX_FEATURES, parts.size())));
  }

  private static void addPart(List<FeatureAttribution.Effect> parts, String feature, double part) {
    if (part != 0) {
      parts.add(new FeatureAttribution.Effect(feature, part));
    }
  }

  /**
   * Each listed item's explanation, by id.
   *
   * @param orderedBy per listed item, {@link ItemExplanation#RANKER} or {@link ItemExplanation#BLEND}
   * @param features  each listed item's largest effects on its ordering score
   */
  static Map<String, ItemExplanation> of(List<String> listed, Map<String, RetrievalSignals> signals,
                                         HistoryModel model, List<String> seeds, Map<String, String> orderedBy,
                                         Map<String, List<FeatureAttribution.Effect>> features) {
    Map<String, Map<String, Double>> neighboursBySeed = new HashMap<>();
    if (!model.isEmpty()) {
      for (String seed : seeds) {
        neighboursBySeed.put(seed, model.coOccurrence().scores(Map.of(seed, 1.0)));
      }
    }
    Map<String, ItemExplanation> explained = new HashMap<>();
    for (String itemId : listed) {
      List<ItemExplanation.Because> because = new ArrayList<>();
      for (String seed : seeds) {
        Double similarity = neighboursBySeed.getOrDefault(seed, Map.of()).get(itemId);
        if (similarity != null && similarity > 0 && !seed.equals(itemId)) {
          because.add(new ItemExplanation.Because(seed, similarity));
        }
      }
      because.sort(Comparator.comparingDouble(ItemExplanation.Because::similarity).reversed()
          .thenComparing(ItemExplanation.Because::itemId));
      explained.put(itemId, new ItemExplanation(signals.getOrDefault(itemId, RetrievalSignals.NONE),
          because.subList(0, Math.min(MAX_BECAUSE, because.size())), orderedBy.get(itemId),
          features.getOrDefault(itemId, List.of())));
    }
    return explained;
  }
}
