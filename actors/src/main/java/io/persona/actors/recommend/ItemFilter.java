package io.persona.actors.recommend;

import io.persona.models.catalog.Item;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a caller wants left out of one list, beyond seen and unavailable items: items it names (those
 * on the page already), items outside one category, items whose attributes do not match. Applied
 * where retrieval accepts a candidate, so every source fills its quota with wanted items.
 *
 * @param excluded   item ids never listed
 * @param category   only items of this category; null: any
 * @param attributes only items whose attribute of each name has exactly this value
 */
public record ItemFilter(Set<String> excluded, String category, Map<String, String> attributes) {
  public static final ItemFilter NONE = new ItemFilter(Set.of(), null, Map.of());

  public ItemFilter {
    excluded = Set.copyOf(Objects.requireNonNull(excluded, "excluded"));
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
  }

  public boolean isEmpty() {
    return excluded.isEmpty() && category == null && attributes.isEmpty();
  }

  /** Whether {@code item} (null: not in the catalog, never admitted) may be listed. */
  public boolean admits(Item item) {
    if (item == null || excluded.contains(item.itemId())) {
      return false;
    }
    if (category != null && !category.equals(item.category())) {
      return false;
    }
    for (Map.Entry<String, String> wanted : attributes.entrySet()) {
      if (!wanted.getValue().equals(item.attributes().get(wanted.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
