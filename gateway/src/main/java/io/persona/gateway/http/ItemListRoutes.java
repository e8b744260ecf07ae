package io.persona.gateway.http;

import io.persona.actors.catalog.CatalogReplica;
import io.persona.actors.recommend.ItemFilter;
import io.persona.actors.recommend.ItemLists;
import io.persona.actors.recommend.ListOrder;
import io.persona.actors.recommend.Recommendation;
import io.persona.actors.recommend.RecommendationRequest;
import io.persona.actors.recommend.UserRecommendations;
import io.persona.gateway.auth.Scope;
import io.persona.gateway.json.RecommendationJson;
import io.persona.models.catalog.Item;
import io.persona.models.features.RequestContext;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import io.persona.persistence.catalog.ItemRepository;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * {@code GET /v1/items/{id}/similar} (items like this one) and {@code GET /v1/trending} (what is
 * bought and viewed now), each with {@code k} and the list filters ({@link ItemFilterParams}); answered from
 * this node's replica and served history model, like the candidates of a personal list.
 *
 * <p>{@code similar?userId=} makes the list for one user: the items most like this one (a pool of
 * {@link #POOL_PER_SLOT} per slot asked, at least {@link #MIN_POOL}) ranked for the user by the live
 * model and the user's live state, as {@code POST /v1/users/{id}/rank} ranks a caller's items, the
 * user's own items left out unless {@code seen=include}; logged as a served slate with the user's id,
 * so what the user clicks on it trains the loop. {@code trending?userId=} does the same with what is
 * trending now: a list without a user is nobody's slate, so only a list made for a user is logged.
 */
public final class ItemListRoutes extends AllDirectives {
  static final int POOL_PER_SLOT = 5;
  static final int MIN_POOL = 50;
  private static final int MAX_POOL = 500;

  private final ItemLists lists;
  private final UserRecommendations recommendations;
  private final Duration retryAfter;
  private final CatalogReplica catalog;
  private final ItemRepository stored;
  private final int defaultK;
  private final int maxK;
  private final Access access;
  private final Clock clock;

  public ItemListRoutes(ItemLists lists, UserRecommendations recommendations, Duration retryAfter,
                        CatalogReplica catalog, ItemRepository stored, int defaultK, int maxK, Access access,
                        Clock clock) {
    this.lists = lists;
    this.recommendations = recommendations;
    this.retryAfter = retryAfter;
    this.catalog = catalog;
    this.stored = stored;
    this.defaultK = defaultK;
    this.maxK = maxK;
    this.access = access;
    this.clock = clock;
  }

  public Route route() {
    return concat(
        path(PathMatchers.segment("items").slash(PathMatchers.segment()).slash("similar"), itemId -> get(() ->
            access.require(Scope.RECOMMENDATIONS_READ, () -> parameterMap(params -> {
              if (!Ids.isValid(itemId)) {
                return complete(Responses.problem(Problem.of("invalid-id", "Invalid item id", 400,
                    Ids.check("itemId", itemId).map(FieldError::sentence).orElseThrow())));
              }
              ItemListQuery query = ItemListQuery.parse(params, defaultK, maxK, true);
              if (!query.ok()) {
                return complete(invalid(query, "Invalid similar-items request"));
              }
              if (query.userId() != null) {
                return lists.similar(itemId, pool(query), filter(query))
                    .map(items -> completeWithFuture(forUser("itemId", itemId, query, items)))
                    .orElseGet(() -> completeWithFuture(unknownOrEmpty(itemId, query)));
              }
              return lists.similar(itemId, query.k(), filter(query))
                  .map(items -> complete(Responses.json(200, answer("itemId", itemId, query, items))))
                  // not in this node's replica: maybe written a moment ago and still on its way
                  // here; Cassandra, which every write reaches first, decides between an empty list and a 404
                  .orElseGet(() -> completeWithFuture(stored.find(itemId).thenApply(found -> found.isPresent()
                      ? Responses.json(200, answer("itemId", itemId, query, List.of()))
                      : Responses.problem(Problem.of("not-found", "Unknown item", 404,
                          "No item " + itemId + " in the catalog")))));
            })))),
        path("trending", () -> get(() -> access.require(Scope.RECOMMENDATIONS_READ, () -> parameterMap(params -> {
          ItemListQuery query = ItemListQuery.parse(params, defaultK, maxK, true);
          if (!query.ok()) {
            return complete(invalid(query, "Invalid trending request"));
          }
          Instant now = clock.instant();
          if (query.userId() != null) {
            return completeWithFuture(forUser("computedAt", now.toString(), query,
                lists.trending(pool(query), filter(query), now)));
          }
          return complete(Responses.json(200, answer("computedAt", now.toString(), query,
              lists.trending(query.k(), filter(query), now))));
        })))));
  }

  /** How many items a list made for a user is ranked from: {@link #POOL_PER_SLOT} per slot asked. */
  private static int pool(ItemListQuery query) {
    return Math.min(MAX_POOL, Math.max(MIN_POOL, POOL_PER_SLOT * query.k()));
  }

  /**
   * A list's pool ranked for the query's user, answered under {@code key} (the similar items' item,
   * trending's moment); the items keep the source they were listed by, the scores are the model's.
   */
  private CompletionStage<HttpResponse> forUser(String key, String value, ItemListQuery query,
                                                List<ItemLists.Listed> pool) {
    Map<String, String> sources = new HashMap<>();
    List<String> ids = new ArrayList<>(pool.size());
    for (ItemLists.Listed listed : pool) {
      sources.put(listed.itemId(), listed.source().label());
      ids.add(listed.itemId());
    }
    if (ids.isEmpty()) {
      Map<String, Object> out = answer(key, value, query, List.of());
      out.put("userId", query.userId());
      return java.util.concurrent.CompletableFuture.completedFuture(Responses.json(200, out));
    }
    RecommendationRequest request = new RecommendationRequest(UUID.randomUUID().toString(), query.userId(),
        query.k(), new RequestContext(clock.instant(), null, null, 0, Map.of()), query.seen(), ListOrder.RANKED,
        ItemFilter.NONE, ids, query.explain());
    return recommendations.recommend(request).handle((ranked, failure) -> {
      if (failure != null) {
        return ServerFailures.answer(failure, "List unavailable",
            "The list could not be ranked for " + query.userId() + " in time; retry later.", retryAfter);
      }
      return Responses.json(200, personal(key, value, query, ranked, sources));
    });
  }

  private CompletionStage<HttpResponse> unknownOrEmpty(String itemId, ItemListQuery query) {
    return stored.find(itemId).thenApply(found -> found.isPresent()
        ? Responses.json(200, answer("itemId", itemId, query, List.of()))
        : Responses.problem(Problem.of("not-found", "Unknown item", 404, "No item " + itemId + " in the catalog")));
  }

  private static Map<String, Object> personal(String key, String value, ItemListQuery query, Recommendation ranked,
                                              Map<String, String> sources) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(key, value);
    out.put("userId", ranked.userId());
    out.put("requestId", ranked.requestId());
    out.put("modelVersion", ranked.modelVersion());
    out.put("modelKind", ranked.modelKind());
    if (query.filter().category() != null) {
      out.put("category", query.filter().category());
    }
    List<Map<String, Object>> listed = new ArrayList<>(ranked.items().size());
    for (Recommendation.Item item : ranked.items()) {
      Map<String, Object> row = row(item.itemId(), item.position(), item.title(), item.category(), item.score(),
          sources.getOrDefault(item.itemId(), item.source()));
      if (item.explanation() != null) {
        row.put("explanation", RecommendationJson.explanation(item.explanation()));
      }
      listed.add(row);
    }
    out.put("items", listed);
    return out;
  }

  private static HttpResponse invalid(ItemListQuery query, String title) {
    return Responses.problem(Problem.invalid("invalid-query", title,
        query.errors().size() + " problem(s) in the query parameters", query.errors()));
  }

  private Predicate<String> filter(ItemListQuery query) {
    return query.filter().isEmpty() ? id -> true : id -> query.filter().admits(catalog.item(id));
  }

  private Map<String, Object> answer(String key, String value, ItemListQuery query, List<ItemLists.Listed> items) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(key, value);
    if (query.filter().category() != null) {
      out.put("category", query.filter().category());
    }
    List<Map<String, Object>> listed = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      ItemLists.Listed l = items.get(i);
      Item item = catalog.item(l.itemId());
      listed.add(row(l.itemId(), i, item == null ? null : item.title(), item == null ? null : item.category(),
          l.score(), l.source().label()));
    }
    out.put("items", listed);
    return out;
  }

  /** One listed item as the answer shows it; the field order is the JSON order. */
  private static Map<String, Object> row(String itemId, int position, String title, String category, double score,
                                         String source) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("itemId", itemId);
    row.put("position", position);
    row.put("title", title);
    row.put("category", category);
    row.put("score", score);
    row.put("source", source);
    return row;
  }
}
