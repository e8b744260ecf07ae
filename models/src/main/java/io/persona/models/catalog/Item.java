package io.persona.models.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A thing that can be recommended.
 *
 * @param category   one category name, used for category affinities and diversity rules
 * @param available  false hides the item from recommendations without deleting it
 * @param created    when the item entered the catalog (drives freshness)
 */
public record Item(
    String itemId,
    String title,
    String category,
    List<String> tags,
    Map<String, String> attributes,
    boolean available,
    Instant created) {

  public Item {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(created, "created");
    title = title == null ? "" : title;
    tags = tags == null ? List.of() : List.copyOf(tags);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
