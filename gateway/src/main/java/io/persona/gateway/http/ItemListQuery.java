package io.persona.gateway.http;

import io.persona.actors.recommend.ItemFilter;
import io.persona.models.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of a list that is not one user's: {@code k} and the list filters
 * ({@link ItemFilterParams}), checked together so that a 400 names every bad one; unknown parameters
 * are refused, as for personal lists.
 */
record ItemListQuery(int k, ItemFilter filter, List<FieldError> errors) {

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
    ItemFilter filter = ItemFilterParams.parse(params, errors);
    params.keySet().stream().filter(name -> !name.equals("k") && !ItemFilterParams.NAMES.contains(name)).sorted()
        .forEach(name -> errors.add(new FieldError(name, "unknown parameter; allowed: k, exclude, category, filter")));
    return new ItemListQuery(k, filter, List.copyOf(errors));
  }
}
