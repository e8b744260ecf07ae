package io.persona.models.catalog;

import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What makes an {@link Item} acceptable for the catalog. */
public final class ItemRules {
  private static final int MAX_TITLE = 512;
  private static final int MAX_TAGS = 64;
  private static final int MAX_ATTRIBUTES = 64;
  private static final int MAX_TEXT = 512;
  /** Older catalogs exist (books, films); nothing sold online was added to a catalog before this. */
  public static final Instant EARLIEST_CREATED = Instant.parse("1900-01-01T00:00:00Z");
  /**
   * How far past the server's clock {@code created} may be: a producer's clock ahead by some hours.
   * An item created years ahead would stay first among fresh items and have a negative age.
   */
  public static final Duration MAX_CREATED_AHEAD = Duration.ofDays(1);

  private ItemRules() {}

  /** The item's errors; {@code now} bounds {@code created}. */
  public static List<FieldError> check(Item item, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    Ids.check("itemId", item.itemId()).ifPresent(errors::add);
    if (item.created().isBefore(EARLIEST_CREATED) || item.created().isAfter(now.plus(MAX_CREATED_AHEAD))) {
      errors.add(new FieldError("created", "must be between 1900-01-01T00:00:00Z and a day after the server's "
          + "clock (" + now + "), was " + item.created()));
    }
    Ids.check("category", item.category()).ifPresent(errors::add);
    if (item.title().length() > MAX_TITLE) {
      errors.add(new FieldError("title", "must be at most 512 characters"));
    }
    if (item.tags().size() > MAX_TAGS) {
      errors.add(new FieldError("tags", "may hold at most 64 tags"));
    }
    for (String tag : item.tags()) {
      if (tag == null || tag.isEmpty() || tag.length() > 128) {
        errors.add(new FieldError("tags", "each tag must be 1-128 characters"));
        break;
      }
    }
    if (item.attributes().size() > MAX_ATTRIBUTES) {
      errors.add(new FieldError("attributes", "may hold at most 64 entries"));
    }
    for (Map.Entry<String, String> e : item.attributes().entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().length() > 64 || e.getValue().length() > MAX_TEXT) {
        errors.add(new FieldError("attributes", "keys must be 1-64 and values at most 512 characters"));
        break;
      }
    }
    return errors;
  }
}
