package io.persona.gateway.http;

import io.persona.actors.recommend.ItemFilter;
import io.persona.actors.recommend.SeenItems;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of a list that is not one user's: {@code k} and the list filters
 * ({@link ItemFilterParams}), and where the list may be made for a user, {@code userId} and
 * {@code seen}; checked together so that a 400 names every bad one; unknown parameters are refused,
 * as for personal lists.
 *
 * @param userId the user the list is made for, or null
 * @param seen   whether that user's own items may be listed ({@link SeenItems#DEFAULT}: as the
 *               node's personal lists by default)
 * @param explain whether each item of a user's list says why it is there (only with {@code userId})
 */
record ItemListQuery(int k, ItemFilter filter, String userId, SeenItems seen, boolean explain,
                     List<FieldError> errors) {

  boolean ok() {
    return errors.isEmpty();
  }

  static ItemListQuery parse(Map<String, String> params, int defaultK, int maxK) {
    return parse(params, defaultK, maxK, false);
  }

  /** @param forUser whether {@code userId} and {@code seen} are allowed */
  static ItemListQuery parse(Map<String, String> params, int defaultK, int maxK, boolean forUser) {
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
    String userId = forUser ? params.get("userId") : null;
    if (userId != null) {
      Ids.check("userId", userId).ifPresent(errors::add);
    }
    SeenItems seen = SeenItems.DEFAULT;
    String seenName = forUser ? params.get("seen") : null;
    if (seenName != null) {
      switch (seenName) {
        case "exclude" -> seen = SeenItems.EXCLUDE;
        case "include" -> seen = SeenItems.INCLUDE;
        default -> errors.add(new FieldError("seen", "must be exclude or include, was " + seenName));
      }
      if (userId == null) {
        errors.add(new FieldError("seen", "only with userId: whose seen items?"));
      }
    }
    boolean explain = false;
    String explainValue = forUser ? params.get("explain") : null;
    if (explainValue != null) {
      switch (explainValue) {
        case "true" -> explain = true;
        case "false" -> explain = false;
        default -> errors.add(new FieldError("explain", "must be true or false, was " + explainValue));
      }
      if (userId == null) {
        errors.add(new FieldError("explain", "only with userId: a list made for nobody is explained by its source"));
      }
    }
    List<String> own = forUser ? List.of("k", "userId", "seen", "explain") : List.of("k");
    params.keySet().stream().filter(name -> !own.contains(name) && !ItemFilterParams.NAMES.contains(name)).sorted()
        .forEach(name -> errors.add(new FieldError(name, "unknown parameter; allowed: " + String.join(", ", own)
            + ", exclude, category, filter")));
    return new ItemListQuery(k, filter, userId, seen, explain, List.copyOf(errors));
  }
}
