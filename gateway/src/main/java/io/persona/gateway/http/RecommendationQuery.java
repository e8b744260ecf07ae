package io.persona.gateway.http;

import io.persona.actors.recommend.ItemFilter;
import io.persona.actors.recommend.ListOrder;
import io.persona.actors.recommend.SeenItems;
import io.persona.models.features.RequestContext;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import org.apache.pekko.http.javadsl.model.HttpResponse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query parameters of a recommendation request ({@code k}, {@code device}, {@code slot},
 * {@code zone}, {@code seen}, {@code order}, {@code explain}, the list filters of {@link ItemFilterParams} and the
 * request attributes the feature spec declares), checked together so that a
 * 400 names every bad parameter at once. Unknown parameters are refused rather than ignored: a
 * misspelt {@code devcie=mobile} would otherwise silently rank for the wrong context.
 */
record RecommendationQuery(int k, RequestContext context, SeenItems seen, ListOrder order, ItemFilter filter,
                           boolean explain, List<FieldError> errors) {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final int MAX_SLOT = 1000;
  private static final Set<String> STANDARD = Set.of("k", "slot", "device", "zone", "seen", "order", "exclude",
      "category", "filter", "explain");

  boolean ok() {
    return errors.isEmpty();
  }

  /** The same query with one more problem (a parameter only one route reads). */
  RecommendationQuery withError(FieldError error) {
    List<FieldError> more = new ArrayList<>(errors);
    more.add(error);
    return new RecommendationQuery(k, context, seen, order, filter, explain, List.copyOf(more));
  }

  /** The 400 answer for a bad user id or bad parameters; null when the request may proceed. */
  HttpResponse refusal(String userId, String title) {
    if (!Ids.isValid(userId)) {
      return Responses.problem(Problem.of("invalid-id", "Invalid user id", 400,
          Ids.check("userId", userId).map(FieldError::sentence).orElseThrow()));
    }
    if (!ok()) {
      return Responses.problem(Problem.invalid("invalid-query", title,
          errors.size() + " problem(s) in the query parameters", errors));
    }
    return null;
  }

  static RecommendationQuery parse(Map<String, String> params, int defaultK, int maxK, Set<String> attributeNames,
                                   Instant now) {
    return parse(params, defaultK, maxK, attributeNames, List.of(), now);
  }

  /** @param routeParameters parameters the calling route reads itself: allowed, and listed as allowed */
  static RecommendationQuery parse(Map<String, String> params, int defaultK, int maxK, Set<String> attributeNames,
                                   List<String> routeParameters, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    int k = integer(params, "k", defaultK, 1, maxK, errors);
    int slot = integer(params, "slot", 0, 0, MAX_SLOT, errors);
    String device = params.get("device");
    if (device != null && !TOKEN.matcher(device).matches()) {
      errors.add(new FieldError("device", "must be 1-64 characters of A-Z a-z 0-9 . _ : -"));
    }
    SeenItems seen = SeenItems.DEFAULT;
    String seenName = params.get("seen");
    if (seenName != null) {
      switch (seenName) {
        case "exclude" -> seen = SeenItems.EXCLUDE;
        case "include" -> seen = SeenItems.INCLUDE;
        case "by-type" -> seen = SeenItems.BY_TYPE;
        default -> errors.add(new FieldError("seen", "must be exclude, include or by-type, was " + seenName));
      }
    }
    ListOrder order = ListOrder.RANKED;
    String orderName = params.get("order");
    if (orderName != null) {
      switch (orderName) {
        case "ranked" -> order = ListOrder.RANKED;
        case "retrieval" -> order = ListOrder.RETRIEVAL;
        default -> errors.add(new FieldError("order", "must be ranked or retrieval, was " + orderName));
      }
    }
    boolean explain = false;
    String explainValue = params.get("explain");
    if (explainValue != null) {
      switch (explainValue) {
        case "true" -> explain = true;
        case "false" -> explain = false;
        default -> errors.add(new FieldError("explain", "must be true or false, was " + explainValue));
      }
    }
    ZoneId zone = null;
    String zoneName = params.get("zone");
    if (zoneName != null) {
      try {
        zone = ZoneId.of(zoneName);
      } catch (DateTimeException e) {
        errors.add(new FieldError("zone", "not a time zone id (e.g. Europe/Berlin or +02:00): " + zoneName));
      }
    }
    Map<String, String> attributes = new HashMap<>();
    for (Map.Entry<String, String> param : params.entrySet()) {
      String name = param.getKey();
      if (STANDARD.contains(name) || routeParameters.contains(name)) {
        continue;
      }
      if (!attributeNames.contains(name)) {
        errors.add(new FieldError(name, "unknown parameter; allowed: k, device, slot, zone, seen, order, exclude, "
            + "category, filter, explain"
            + (routeParameters.isEmpty() ? "" : ", " + String.join(", ", routeParameters))
            + (attributeNames.isEmpty() ? "" : ", " + String.join(", ", attributeNames.stream().sorted().toList()))));
      } else if (!TOKEN.matcher(param.getValue()).matches()) {
        errors.add(new FieldError(name, "must be 1-64 characters of A-Z a-z 0-9 . _ : -"));
      } else {
        attributes.put(name, param.getValue());
      }
    }
    ItemFilter filter = ItemFilterParams.parse(params, errors);
    RequestContext context = errors.isEmpty() ? new RequestContext(now, zone, device, slot, attributes) : null;
    return new RecommendationQuery(k, context, seen, order, filter, explain, List.copyOf(errors));
  }

  private static int integer(Map<String, String> params, String name, int fallback, int min, int max,
                             List<FieldError> errors) {
    String text = params.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError(name, "must be an integer from " + min + " to " + max + ", was '" + text + "'"));
    return fallback;
  }
}
