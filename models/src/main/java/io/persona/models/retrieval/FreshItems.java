package io.persona.models.retrieval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Predicate;

/**
 * The newest items of the catalog, so that an item nobody has interacted with yet still gets
 * shown. Keeps the {@code capacity} most recently created items; adding an older one to a full
 * set drops it at once. Thread-safe: writes are serialized, reads walk a concurrent sorted set.
 */
public final class FreshItems {
  private record Entry(String itemId, long createdMillis) {}

  private static final Comparator<Entry> NEWEST_FIRST =
      Comparator.comparingLong(Entry::createdMillis).reversed().thenComparing(Entry::itemId);

  private final int capacity;
  private final NavigableSet<Entry> byAge = new ConcurrentSkipListSet<>(NEWEST_FIRST);
  private final Map<String, Entry> byId = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();

  public FreshItems(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** Adds {@code itemId}, or moves it if it was added with another creation time. */
  public void add(String itemId, Instant created) {
    Entry entry = new Entry(Objects.requireNonNull(itemId, "itemId"), created.toEpochMilli());
    synchronized (writeLock) {
      Entry old = byId.put(itemId, entry);
      if (old != null) {
        byAge.remove(old);
      }
      byAge.add(entry);
      while (byId.size() > capacity) {
        byId.remove(byAge.pollLast().itemId());
      }
    }
  }

  public void remove(String itemId) {
    synchronized (writeLock) {
      Entry old = byId.remove(itemId);
      if (old != null) {
        byAge.remove(old);
      }
    }
  }

  /**
   * The {@code k} most recently created items {@code accept} lets through, newest first, scored
   * by their creation time in (fractional) epoch seconds.
   */
  public List<ScoredItem> newest(int k, Predicate<String> accept) {
    Objects.requireNonNull(accept, "accept");
    List<ScoredItem> result = new ArrayList<>(Math.max(0, Math.min(k, byId.size())));
    // A concurrent move may briefly show an item at both its old and new place.
    Set<String> seen = new HashSet<>();
    for (Entry entry : byAge) {
      if (result.size() >= k) {
        break;
      }
      if (seen.add(entry.itemId()) && accept.test(entry.itemId())) {
        result.add(new ScoredItem(entry.itemId(), entry.createdMillis() / 1000.0));
      }
    }
    return result;
  }

  int size() {
    return byId.size();
  }
}
