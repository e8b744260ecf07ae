package io.persona.actors.recommend;

import io.persona.actors.catalog.CatalogReplica;
import io.persona.models.catalog.Item;
import io.persona.models.history.HistoryModel;
import io.persona.models.retrieval.ScoredItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The history model's time-decayed popularity per category: each category's most popular items,
 * best first. Built from the served model and the catalog replica's categories, once per model
 * version and catalog size (a category is read from the catalog, not from the events), so a request
 * only reads lists.
 */
final class CategoryPopularity {
  /** Items kept per category: enough for any quota, bounded whatever the catalog. */
  private static final int PER_CATEGORY = 500;

  private record Built(String version, int catalogSize, Map<String, List<ScoredItem>> byCategory) {}

  private final CatalogReplica catalog;
  private final AtomicReference<Built> built = new AtomicReference<>(new Built("", -1, Map.of()));

  CategoryPopularity(CatalogReplica catalog) {
    this.catalog = catalog;
  }

  /** The most popular items of {@code category} under {@code model}, best first (empty if none). */
  List<ScoredItem> of(HistoryModel model, String category) {
    return current(model).byCategory().getOrDefault(category, List.of());
  }

  private Built current(HistoryModel model) {
    Built now = built.get();
    if (now.version().equals(model.version()) && now.catalogSize() == catalog.size()) {
      return now;
    }
    // Two threads may build at once; both build the same lists, the last one is kept.
    Map<String, List<ScoredItem>> byCategory = new HashMap<>();
    for (ScoredItem scored : model.popularFirst()) {
      Item item = catalog.item(scored.itemId());
      if (item != null) {
        List<ScoredItem> list = byCategory.computeIfAbsent(item.category(), c -> new ArrayList<>());
        if (list.size() < PER_CATEGORY) {
          list.add(scored);
        }
      }
    }
    byCategory.replaceAll((category, list) -> List.copyOf(list));
    Built fresh = new Built(model.version(), catalog.size(), Map.copyOf(byCategory));
    built.set(fresh);
    return fresh;
  }
}
