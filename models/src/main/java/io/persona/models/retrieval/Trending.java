package io.persona.models.retrieval;

import io.persona.models.profile.DecayedScore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Time-decayed interaction counts per item: what is popular now. Each count is a
 * {@link DecayedScore} (its value at an anchor time, decayed when read), so an observation is one
 * O(1) update whatever the time since the last one.
 *
 * <p>Memory is bounded: the map may grow a little past {@code capacity}, then one caller trims it
 * back to capacity by dropping the weakest items, so the cost of trimming is spread over many
 * observations. Thread-safe.
 */
public final class Trending {
  private static final Comparator<ScoredItem> BEST_FIRST =
      Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId);

  private final long halfLifeMillis;
  private final int capacity;
  /** How far past capacity the map may grow before it is trimmed. */
  private final int slack;
  private final Map<String, DecayedScore> counts = new ConcurrentHashMap<>();
  /** The newest observation time, at which the weakest items are compared when trimming. */
  private final AtomicLong latestMillis = new AtomicLong(Long.MIN_VALUE);
  private final ReentrantLock trimming = new ReentrantLock();

  public Trending(Duration halfLife, int capacity) {
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife must be positive");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.halfLifeMillis = halfLife.toMillis();
    this.capacity = capacity;
    this.slack = Math.max(16, capacity / 8);
  }

  /**
   * Counts an interaction with {@code itemId} of {@code weight} at {@code at}. A late observation
   * is decayed to the item's anchor rather than moving it back.
   */
  public void observe(String itemId, double weight, Instant at) {
    Objects.requireNonNull(itemId, "itemId");
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException("weight must be finite and not negative, was " + weight);
    }
    long atMillis = at.toEpochMilli();
    counts.compute(itemId, (id, old) ->
        old == null ? new DecayedScore(weight, atMillis) : old.plus(weight, atMillis, halfLifeMillis));
    latestMillis.accumulateAndGet(atMillis, Math::max);
    if (counts.size() > capacity + slack) {
      trim();
    }
  }

  /** The decayed count of {@code itemId} at {@code now}; 0 if it was never seen (or dropped). */
  public double score(String itemId, Instant now) {
    DecayedScore count = counts.get(itemId);
    return count == null ? 0 : count.valueAt(now.toEpochMilli(), halfLifeMillis);
  }

  /** The {@code k} items with the highest decayed count at {@code now}, best first. */
  public List<ScoredItem> top(int k, Instant now) {
    if (k <= 0) {
      return List.of();
    }
    long nowMillis = now.toEpochMilli();
    PriorityQueue<ScoredItem> best = new PriorityQueue<>(k + 1, BEST_FIRST.reversed());
    counts.forEach((itemId, count) -> {
      best.add(new ScoredItem(itemId, count.valueAt(nowMillis, halfLifeMillis)));
      if (best.size() > k) {
        best.poll();
      }
    });
    List<ScoredItem> result = new ArrayList<>(best);
    result.sort(BEST_FIRST);
    return result;
  }

  /** Forgets {@code itemId} (an item deleted from the catalog). */
  public void remove(String itemId) {
    counts.remove(itemId);
  }

  /** Items counted now (at most a little past the capacity). */
  public int size() {
    return counts.size();
  }

  /**
   * Drops the weakest items until {@code capacity} remain. Only one caller trims; the others go
   * on (the map is merely a little over capacity meanwhile). An item updated while being trimmed
   * is kept: removal only happens if the count is still the one that was judged weakest.
   */
  private void trim() {
    if (!trimming.tryLock()) {
      return;
    }
    try {
      int excess = counts.size() - capacity;
      if (excess <= 0) {
        return;
      }
      long at = latestMillis.get();
      // The excess weakest, strongest of them on top so it is the one replaced.
      PriorityQueue<Map.Entry<String, Double>> weakest = new PriorityQueue<>(excess + 1,
          Map.Entry.<String, Double>comparingByValue().reversed());
      Map<String, DecayedScore> judged = new HashMap<>();
      counts.forEach((itemId, count) -> {
        weakest.add(Map.entry(itemId, count.valueAt(at, halfLifeMillis)));
        judged.put(itemId, count);
        if (weakest.size() > excess) {
          judged.remove(weakest.poll().getKey());
        }
      });
      for (Map.Entry<String, Double> e : weakest) {
        counts.remove(e.getKey(), judged.get(e.getKey()));
      }
    } finally {
      trimming.unlock();
    }
  }
}
