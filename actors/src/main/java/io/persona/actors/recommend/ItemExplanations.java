package io.persona.actors.recommend;

import io.persona.models.features.RetrievalSignals;
import io.persona.models.history.HistoryModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link ItemExplanation}s of a served list from what serving computed anyway: the
 * sources' scaled scores of each candidate and the co-occurrence seeds the user's list was retrieved
 * with. Each seed's neighbours are read once per list, not once per item.
 */
final class ItemExplanations {
  static final int MAX_BECAUSE = 3;

  private ItemExplanations() {}

  /** Each listed item's explanation, by id. */
  static Map<String, ItemExplanation> of(List<String> listed, Map<String, RetrievalSignals> signals,
                                         HistoryModel model, List<String> seeds) {
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
          because.subList(0, Math.min(MAX_BECAUSE, because.size()))));
    }
    return explained;
  }
}
