package io.persona.gateway.http;

import io.persona.actors.recommend.ItemFilter;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The list filters every list request takes: {@code exclude} (comma-separated item ids),
 * {@code category} (one category) and {@code filter} (comma-separated {@code name:value} attribute
 * matches, all of which must hold). Problems are added to the caller's list, so a 400 names every
 * bad parameter at once.
 */
final class ItemFilterParams {
  static final Set<String> NAMES = Set.of("exclude", "category", "filter");
  private static final int MAX_EXCLUDED = 500;
  private static final int MAX_ATTRIBUTES = 10;

  private ItemFilterParams() {}

  static ItemFilter parse(Map<String, String> params, List<FieldError> errors) {
    int before = errors.size();
    Set<String> excluded = Set.of();
    String excludeText = params.get("exclude");
    if (excludeText != null) {
      List<String> ids = split(excludeText);
      if (ids.size() > MAX_EXCLUDED) {
        errors.add(new FieldError("exclude", "at most " + MAX_EXCLUDED + " item ids, was " + ids.size()));
      } else {
        ids.forEach(id -> Ids.check("exclude", id).ifPresent(errors::add));
        excluded = Set.copyOf(ids);
      }
    }
    String category = params.get("category");
    if (category != null) {
      Ids.check("category", category).ifPresent(errors::add);
    }
    Map<String, String> attributes = new HashMap<>();
    String filterText = params.get("filter");
    if (filterText != null) {
      List<String> pairs = split(filterText);
      if (pairs.isEmpty() || pairs.size() > MAX_ATTRIBUTES) {
        errors.add(new FieldError("filter", "1 to " + MAX_ATTRIBUTES + " name:value pairs separated by commas"));
      }
      for (String pair : pairs) {
        int colon = pair.indexOf(':');
        if (colon <= 0 || colon == pair.length() - 1) {
          errors.add(new FieldError("filter", "each match is name:value (e.g. brand:acme), was '" + pair + "'"));
        } else {
          String name = pair.substring(0, colon).strip();
          String value = pair.substring(colon + 1).strip();
          Ids.check("filter", name).ifPresent(errors::add);
          Ids.check("filter", value).ifPresent(errors::add);
          if (attributes.putIfAbsent(name, value) != null) {
            errors.add(new FieldError("filter", "the attribute " + name + " is matched twice"));
          }
        }
      }
    }
    return errors.size() > before ? ItemFilter.NONE : new ItemFilter(excluded, category, attributes);
  }

  private static List<String> split(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
