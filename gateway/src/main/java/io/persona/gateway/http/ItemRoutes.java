package io.persona.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.actors.catalog.CatalogWriter;
import io.persona.gateway.auth.Scope;
import io.persona.gateway.json.EmbeddingJson;
import io.persona.gateway.json.ItemJson;
import io.persona.gateway.json.JsonBodies;
import io.persona.gateway.json.TooManyObjectsException;
import io.persona.gateway.json.Parsed;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/items} (batch upsert), {@code GET /v1/items/{id}} and {@code DELETE
 * /v1/items/{id}} (from Cassandra, then from every node's replica, index and candidate source;
 * {@code deleted} says whether the item existed).
 */
public final class ItemRoutes extends AllDirectives {
  /** Reading an item: whoever writes the catalog, or shows what recommendations name. */
  private static final Set<Scope> READERS = EnumSet.of(Scope.ITEMS_WRITE, Scope.RECOMMENDATIONS_READ);

  private final ItemRepository items;
  private final CatalogWriter catalog;
  private final RequestBodies bodies;
  private final int maxItems;
  private final int embeddingDimension;
  private final Clock clock;
  private final Access access;

  public ItemRoutes(ItemRepository items, CatalogWriter catalog, RequestBodies bodies, int maxItems, int embeddingDimension,
             Access access, Clock clock) {
    this.access = access;
    this.items = items;
    this.catalog = catalog;
    this.bodies = bodies;
    this.maxItems = maxItems;
    this.embeddingDimension = embeddingDimension;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix("items", () -> concat(
        pathEndOrSingleSlash(() -> post(() -> access.require(Scope.ITEMS_WRITE, () -> bodies.json(false, (body, ndjson) -> {
          List<JsonNode> objects;
          try {
            objects = JsonBodies.objects(body, false, "items", maxItems);
          } catch (TooManyObjectsException e) {
            return CompletableFuture.completedFuture(Responses.problem(Problem.of("too-many-items", "Too many items",
                413, e.getMessage())));
          }
          Parsed<Item> parsed = ItemJson.read(objects, clock.instant());
          EmbeddingJson.Read embeddings = EmbeddingJson.read(objects, embeddingDimension);
          List<FieldError> errors = new ArrayList<>(parsed.errors());
          errors.addAll(embeddings.errors());
          if (!errors.isEmpty()) {
            return CompletableFuture.completedFuture(Responses.problem(Problem.invalid("invalid-items",
                "Invalid items", errors.size() + " problem(s); nothing was written", errors)));
          }
          return catalog.write(parsed.values(), embeddings.embeddings())
              .thenApply(count -> Responses.json(200, Map.of("upserted", count)));
        })))),
        path(PathMatchers.segment(), itemId -> delete(() -> access.require(Scope.ITEMS_WRITE, () -> {
          if (!Ids.isValid(itemId)) {
            return complete(Responses.problem(Problem.of("invalid-id", "Invalid item id", 400,
                Ids.check("itemId", itemId).map(FieldError::sentence).orElseThrow())));
          }
          return completeWithFuture(items.find(itemId).thenCompose(found -> catalog.delete(itemId)
              .thenApply(done -> Responses.json(200, Map.of("itemId", itemId, "deleted", found.isPresent())))));
        }))),
        path(PathMatchers.segment(), itemId -> get(() -> access.requireAny(READERS, () -> {
          if (!Ids.isValid(itemId)) {
            return complete(Responses.problem(Problem.of("invalid-id", "Invalid item id", 400,
                Ids.check("itemId", itemId).map(FieldError::sentence).orElseThrow())));
          }
          return completeWithFuture(items.find(itemId).thenApply(found -> found
              .map(item -> Responses.json(200, ItemJson.write(item)))
              .orElseGet(() -> notFound(itemId))));
        })))));
  }

  private static HttpResponse notFound(String itemId) {
    return Responses.problem(Problem.of("not-found", "Unknown item", 404, "No item " + itemId + " in the catalog"));
  }
}
