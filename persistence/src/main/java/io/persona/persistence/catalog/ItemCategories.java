package io.persona.persistence.catalog;

import io.persona.models.catalog.Item;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Item id to category, as ingest needs it for every event: answered from a bounded, node-local
 * cache in front of the catalog. Entries expire so that a category changed on another node is
 * seen within {@code ttl}; items this node upserts are cached at once.
 */
public final class ItemCategories {
  private record Cached(Optional<String> category, long expiresAtMillis) {}

  private final ItemRepository items;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final int maxEntries;
  private final Clock clock;

  public ItemCategories(ItemRepository items, Duration ttl, int maxEntries, Clock clock) {
    this.items = items;
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** The item's category, or empty when the catalog does not know the item. */
  public CompletionStage<Optional<String>> categoryOf(String itemId) {
    long now = clock.millis();
    Cached cached = cache.get(itemId);
    if (cached != null && cached.expiresAtMillis() > now) {
      return CompletableFuture.completedFuture(cached.category());
    }
    return items.find(itemId).thenApply(item -> {
      Optional<String> category = item.map(Item::category);
      remember(itemId, category, now);
      return category;
    });
  }

  /** Upserts through the catalog and caches the new categories on this node. */
  public CompletionStage<Integer> upsertAll(List<Item> batch) {
    return items.upsertAll(batch).thenApply(count -> {
      long now = clock.millis();
      batch.forEach(item -> remember(item.itemId(), Optional.of(item.category()), now));
      return count;
    });
  }

  /** Deletes the item from the catalog and forgets its category on this node. */
  public CompletionStage<Void> delete(String itemId) {
    return items.delete(itemId).thenRun(() -> cache.remove(itemId));
  }

  private void remember(String itemId, Optional<String> category, long now) {
    if (cache.size() >= maxEntries) {
      // Crude but bounded: a full cache starts over rather than tracking recency per entry.
      cache.clear();
    }
    cache.put(itemId, new Cached(category, now + ttlMillis));
  }
}
