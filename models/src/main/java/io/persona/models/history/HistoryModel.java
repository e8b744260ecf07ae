package io.persona.models.history;

import io.persona.models.retrieval.ItemCoOccurrence;
import io.persona.models.retrieval.ScoredItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What retrieval learned from the whole interaction history, as one versioned, immutable model
 * every node serves the same: item-to-item co-occurrence over each user's recent history, and
 * time-decayed popularity. Trained by the learning loop from the interaction log, stored in
 * Cassandra, so a restarted or new node serves it at once.
 *
 * @param interactions how many interactions it was trained on
 * @param popularity   decayed interaction strength per item
 * @param blend        how the sources are weighed when no trained ranker orders the candidates
 */
public record HistoryModel(String version, Instant trainedAt, long interactions, ItemCoOccurrence coOccurrence,
                           Map<String, Double> popularity, List<ScoredItem> popularFirst, RetrievalBlend blend) {

  public HistoryModel {
    popularity = Map.copyOf(popularity);
    popularFirst = List.copyOf(popularFirst);
  }

  public static HistoryModel of(String version, Instant trainedAt, long interactions, ItemCoOccurrence coOccurrence,
                                Map<String, Double> popularity) {
    return of(version, trainedAt, interactions, coOccurrence, popularity, RetrievalBlend.DEFAULT);
  }

  public static HistoryModel of(String version, Instant trainedAt, long interactions, ItemCoOccurrence coOccurrence,
                                Map<String, Double> popularity, RetrievalBlend blend) {
    List<ScoredItem> ranked = new ArrayList<>(popularity.size());
    popularity.forEach((item, score) -> ranked.add(new ScoredItem(item, score)));
    ranked.sort(Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId));
    return new HistoryModel(version, trainedAt, interactions, coOccurrence, popularity, ranked, blend);
  }

  /** The same sources under another version, served with {@code newBlend}. */
  public HistoryModel withBlend(String newVersion, RetrievalBlend newBlend) {
    return new HistoryModel(newVersion, trainedAt, interactions, coOccurrence, popularity, popularFirst, newBlend);
  }

  /** Nothing learned yet: no neighbours, no popularity. */
  public static HistoryModel empty() {
    return of("none", Instant.EPOCH, 0, ItemCoOccurrence.empty(), Map.of());
  }

  public boolean isEmpty() {
    return interactions == 0;
  }

  /** The {@code k} most popular accepted items, most popular first. */
  public List<ScoredItem> popular(int k, Predicate<String> accept) {
    List<ScoredItem> top = new ArrayList<>(Math.min(k, popularFirst.size()));
    for (ScoredItem item : popularFirst) {
      if (top.size() == k) {
        break;
      }
      if (accept.test(item.itemId())) {
        top.add(item);
      }
    }
    return top;
  }
}
