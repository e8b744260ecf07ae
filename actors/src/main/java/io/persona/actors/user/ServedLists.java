package io.persona.actors.user;

import io.persona.models.events.EventTypes;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.CategoryExposure;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lists served to one user while their entity runs, joined with the user's clicks: a click
 * counts toward its category's click rate only when it names a list the user was served here, on
 * an item of that list, once per list and item. So a category's clicks never exceed its showings,
 * and a preview's, an old or an imported requestId counts nothing. Confined to the entity's
 * thread; never persisted (see {@link CategoryExposure}).
 */
final class ServedLists {
  /** Lists whose clicks are still counted: a click on an older list than this (scrolled far back) is not. */
  static final int OPEN_LISTS = 32;

  private final Map<String, Map<String, String>> open = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
      return size() > OPEN_LISTS;
    }
  };
  private CategoryExposure exposure = CategoryExposure.NONE;

  /** A list served under {@code requestId}: each item's category is shown once. */
  void shown(String requestId, Map<String, String> categoryByItem) {
    exposure = exposure.withShown(java.util.List.copyOf(categoryByItem.values()));
    open.put(requestId, new HashMap<>(categoryByItem));
  }

  /** A live event of the user's: a click on an item of an open list counts, once. */
  void acted(UserEvent event) {
    if (!EventTypes.CLICK.equals(event.type()) || event.requestId() == null) {
      return;
    }
    Map<String, String> items = open.get(event.requestId());
    String category = items == null ? null : items.remove(event.itemId());
    if (category != null) {
      exposure = exposure.withClick(category);
    }
  }

  CategoryExposure exposure() {
    return exposure;
  }
}
