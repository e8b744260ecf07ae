package io.persona.gateway.http;

import io.persona.actors.catalog.CatalogReplica;
import io.persona.actors.recommend.ItemLists;
import io.persona.gateway.auth.Scope;
import io.persona.models.catalog.Item;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import io.persona.persistence.catalog.ItemRepository;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /v1/items/{id}/similar} (items like this one) and {@code GET /v1/trending} (what is
 * bought and viewed now), each with {@code k} and the list filters ({@link ItemFilterParams}); answered from
 * this node's replica and served history model, like the candidates of a personal list.
 */
public final class ItemListRoutes extends AllDirectives {
  private final ItemLists lists;
  private final CatalogReplica catalog;
  private final ItemRepository stored;
  private final int defaultK;
  private final int maxK;
  private final Access access;
  private final Clock clock;

  public ItemListRoutes(ItemLists lists, CatalogReplica catalog, ItemRepository stored, int defaultK, int maxK,
                        Access access, Clock clock) {
    this.lists = lists;
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
              ItemListQuery query = ItemListQuery.parse(params, defaultK, maxK);
              if (!query.ok()) {
                return complete(invalid(query, "Invalid similar-items request"));
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
          ItemListQuery query = ItemListQuery.parse(params, defaultK, maxK);
          if (!query.ok()) {
            return complete(invalid(query, "Invalid trending request"));
          }
          return complete(Responses.json(200, answer("computedAt", clock.instant().toString(), query,
              lists.trending(query.k(), filter(query), clock.instant()))));
        })))));
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
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("itemId", l.itemId());
      row.put("position", i);
      row.put("title", item == null ? null : item.title());
      row.put("category", item == null ? null : item.category());
      row.put("score", l.score());
      row.put("source", l.source().label());
      listed.add(row);
    }
    out.put("items", listed);
    return out;
  }
}
