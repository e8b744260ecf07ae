package io.persona.simulations.quality.served;

import io.persona.simulations.quality.DatasetOptions;
import io.persona.simulations.quality.Rows;
import java.util.HashMap;
import java.util.Map;

/**
 * The category and title each item is imported with, from the dataset's own columns (the first row
 * that names the item). A dataset without a category column puts every item in
 * {@link #ONE_CATEGORY}: inventing categories (e.g. a buyer's country) would only make the node's
 * per-category diversity rule act on noise.
 */
record ItemAttributes(Map<String, String> categories, Map<String, String> titles) {
  static final String ONE_CATEGORY = "all";

  /** @param categoryColumn null: one category; @param titleColumn null: no titles */
  static ItemAttributes read(DatasetOptions dataset, String categoryColumn, String titleColumn) {
    Map<String, String> categories = new HashMap<>();
    Map<String, String> titles = new HashMap<>();
    if (categoryColumn == null && titleColumn == null) {
      return new ItemAttributes(categories, titles);
    }
    String itemColumn = dataset.mapping().itemColumn();
    Rows<String[]> rows = dataset.rows(field -> {
      String item = field.apply(itemColumn);
      if (item == null || item.isBlank()) {
        throw new IllegalArgumentException("no " + itemColumn);
      }
      return new String[] {item.strip(), text(field.apply(categoryColumn)), text(field.apply(titleColumn))};
    });
    for (String[] row : rows.values()) {
      if (row[1] != null) {
        categories.putIfAbsent(row[0], row[1]);
      }
      if (row[2] != null) {
        titles.putIfAbsent(row[0], row[2]);
      }
    }
    return new ItemAttributes(categories, titles);
  }

  String category(String itemId) {
    return categories.getOrDefault(itemId, ONE_CATEGORY);
  }

  /** Null when the dataset has none for this item. */
  String title(String itemId) {
    return titles.get(itemId);
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
