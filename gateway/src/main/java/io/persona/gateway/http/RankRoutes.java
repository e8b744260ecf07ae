package io.persona.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.actors.recommend.RecommendationRequest;
import io.persona.actors.recommend.SeenItems;
import io.persona.actors.recommend.UserRecommendations;
import io.persona.gateway.auth.Scope;
import io.persona.gateway.json.Json;
import io.persona.gateway.json.MalformedBodyException;
import io.persona.gateway.json.RankingJson;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/users/{id}/rank} with {@code {"items": ["sku-1", "sku-2", ...]}}: the caller's
 * own candidates (a search result, a category page) ordered for the user by the live model and the
 * user's live state, as the user's recommendations are ordered, but without retrieval, exploration
 * or a per-category limit (a page does not reorder itself at random, and the caller chose its items).
 * Each id counts once. The query parameters are those of {@code GET /v1/users/{id}/recommendations}:
 * {@code k} (default: every item sent, at most the recommendations' largest k; up to
 * {@link #MAX_ITEMS} when asked: every listed item is logged as shown), the context
 * ({@code device}, {@code slot}, {@code zone} and the declared attributes, which are ranking
 * features: this is where a query's attributes come in), {@code seen} (default {@code include}: the
 * caller chose the items), {@code order} and the filters. Ids the catalog does not hold are
 * reported in {@code unknownItems}, items the request leaves out in {@code leftOutItems}; neither is
 * an error. The list is logged like any served list, so the loop learns from what is clicked on it.
 */
public final class RankRoutes extends AllDirectives {
  /** As many as retrieval proposes at most: a page of results, not a catalog. */
  static final int MAX_ITEMS = 500;
  private static final Logger log = LoggerFactory.getLogger(RankRoutes.class);

  private final UserRecommendations recommendations;
  private final int defaultMaxK;
  private final Set<String> attributeNames;
  private final RequestBodies bodies;
  private final Duration retryAfter;
  private final Access access;
  private final Clock clock;

  /** @param defaultMaxK the largest k a request gets without asking for more: the recommendations' */
  public RankRoutes(UserRecommendations recommendations, int defaultMaxK, Set<String> attributeNames,
                    RequestBodies bodies, Duration retryAfter, Access access, Clock clock) {
    this.recommendations = recommendations;
    this.defaultMaxK = defaultMaxK;
    this.attributeNames = attributeNames;
    this.bodies = bodies;
    this.retryAfter = retryAfter;
    this.access = access;
    this.clock = clock;
  }

  public Route route() {
    return path(PathMatchers.segment("users").slash(PathMatchers.segment()).slash("rank"),
        userId -> post(() -> access.forUser(userId, Scope.RECOMMENDATIONS_READ, () -> parameterMap(params ->
            bodies.json(false, (body, ndjson) -> rank(userId, params, body))))));
  }

  private CompletionStage<HttpResponse> rank(String userId, Map<String, String> params, byte[] body)
      throws MalformedBodyException {
    List<FieldError> errors = new ArrayList<>();
    Ids.check("userId", userId).ifPresent(errors::add);
    List<String> items = items(Json.readObject(body), errors);
    int distinct = (int) items.stream().distinct().count();
    RecommendationQuery query = RecommendationQuery.parse(params, Math.max(1, Math.min(distinct, defaultMaxK)),
        MAX_ITEMS, attributeNames, clock.instant());
    errors.addAll(query.errors());
    if (!errors.isEmpty()) { // the body's, the user id's and the parameters' problems in one answer
      return CompletableFuture.completedFuture(Responses.problem(Problem.invalid("invalid-rank-request",
          "Invalid rank request", errors.size() + " problem(s) in the request", errors)));
    }
    SeenItems seen = params.containsKey("seen") ? query.seen() : SeenItems.INCLUDE;
    RecommendationRequest request = new RecommendationRequest(UUID.randomUUID().toString(), userId, query.k(),
        query.context(), seen, query.order(), query.filter(), items, query.explain());
    return recommendations.recommend(request).handle((ranked, failure) -> {
      if (failure != null) {
        if (ServerFailures.passes(failure)) {
          log.warn("Ranking {} for user {} failed for now: {}", request.requestId(), userId, failure.toString());
        }
        return ServerFailures.answer(failure, "Ranking unavailable",
            "The items could not be ranked for " + userId + " in time; retry later.", retryAfter);
      }
      return Responses.json(200, RankingJson.of(ranked));
    });
  }

  /** The body's {@code items}: 1 to {@link #MAX_ITEMS} valid item ids; errors name what is wrong. */
  private static List<String> items(JsonNode json, List<FieldError> errors) {
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("items")) {
        errors.add(new FieldError(name, "unknown field; the body has one field, items"));
      }
    }
    JsonNode items = json.get("items");
    if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_ITEMS) {
      errors.add(new FieldError("items", "must be an array of 1 to " + MAX_ITEMS + " item ids"));
      return List.of();
    }
    List<String> ids = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String id = item.isTextual() ? item.asText() : null;
      var problem = Ids.check("items[" + i + "]", id);
      if (problem.isPresent()) {
        errors.add(problem.get());
      } else {
        ids.add(id);
      }
    }
    return ids;
  }
}
