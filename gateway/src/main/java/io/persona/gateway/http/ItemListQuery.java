package io.persona.gateway.http;

import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of a list that is not one user's ({@code k}, {@code category}, {@code exclude}),
 * checked together so that a 400 names every bad one; unknown parameters are refused, as for
 * personal lists.
 *
 * @param category only items of this category (null: any)
 * @param exclude  item ids the caller does not want (those on the page already)
 */
record ItemListQuery(int k, String category, Set<String> exclude, List<FieldError> errors) {
  private static final Set<String> KNOWN = Set.of("k", "category", "exclude");
  private static final int MAX_EXCLUDED = 500;

  boolean ok() {
    return errors.isEmpty();
  }

  static ItemListQuery parse(Map<String, String> params, int defaultK, int maxK) {
    List<FieldError> errors = new ArrayList<>();
    int k = defaultK;
    String kText = params.get("k");
    if (kText != null) {
      try {
        k = Integer.parseInt(kText);
      } catch (NumberFormatException e) {
        k = -1;
      }
      if (k < 1 || k > maxK) {
        errors.add(new FieldError("k", "must be an integer from 1 to " + maxK + ", was '" + kText + "'"));
        k = defaultK;
      }
    }
    String category = params.get("category");
    if (category != null) {
      Ids.check("category", category).ifPresent(errors::add);
    }
    Set<String> exclude = Set.of();
    String excludeText = params.get("exclude");
    if (excludeText != null) {
      List<String> ids = Arrays.stream(excludeText.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
      if (ids.size() > MAX_EXCLUDED) {
        errors.add(new FieldError("exclude", "at most " + MAX_EXCLUDED + " item ids, was " + ids.size()));
      } else {
        ids.forEach(id -> Ids.check("exclude", id).ifPresent(errors::add));
        exclude = Set.copyOf(ids);
      }
    }
    params.keySet().stream().filter(name -> !KNOWN.contains(name)).sorted()
        .forEach(name -> errors.add(new FieldError(name, "unknown parameter; allowed: k, category, exclude")));
    return new ItemListQuery(k, category, exclude, List.copyOf(errors));
  }
}
