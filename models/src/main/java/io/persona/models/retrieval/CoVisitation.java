package io.persona.models.retrieval;

import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.HistoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Items seen together in recent sessions ("people who looked at this also looked at"). Each
 * interaction is paired with the few interactions before it in the same session, in both
 * directions, and the pair weights fade with a half-life so that old habits give way to new ones.
 *
 * <p>A session is a run of interactions of one user with no gap longer than {@code sessionGap}
 * between consecutive ones. Memory is bounded per item: a row may grow to twice
 * {@code neighboursPerItem}, then it is cut back to the strongest {@code neighboursPerItem}, so
 * the cost of pruning is spread over many observations. Thread-safe: each row has its own lock.
 */
public final class CoVisitation {
  private static final Comparator<ScoredItem> BEST_FIRST =
      Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId);

  private final long sessionGapMillis;
  private final int window;
  private final int neighboursPerItem;
  private final long halfLifeMillis;
  private final Map<String, Row> rows = new ConcurrentHashMap<>();
  /**
   * The newest observation time. Weights are compared at this time: every anchor is at or before
   * it, and comparing all rows at the same time keeps their ratios those of any later time.
   */
  private final AtomicLong latestMillis = new AtomicLong(Long.MIN_VALUE);

  /** The neighbours of one item, guarded by the row's own monitor. */
  private static final class Row {
    final Map<String, DecayedScore> weights = new HashMap<>();
  }

  /**
   * @param sessionGap        the longest pause within one session
   * @param window            how many previous items of the session each new item is paired with
   * @param neighboursPerItem how many neighbours each item keeps
   * @param halfLife          time for a pair weight to halve
   */
  public CoVisitation(Duration sessionGap, int window, int neighboursPerItem, Duration halfLife) {
    if (sessionGap.isNegative()) {
      throw new IllegalArgumentException("sessionGap must not be negative");
    }
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife must be positive");
    }
    if (window < 1 || neighboursPerItem < 1) {
      throw new IllegalArgumentException("window and neighboursPerItem must be positive");
    }
    this.sessionGapMillis = sessionGap.toMillis();
    this.window = window;
    this.neighboursPerItem = neighboursPerItem;
    this.halfLifeMillis = halfLife.toMillis();
  }

  /**
   * Pairs {@code newItem}, seen at {@code at}, with up to {@code window} distinct other items of
   * the same session: walking back from {@code at}, the session ends at the first pause longer
   * than the session gap. Each pair gains weight 1 in both directions.
   *
   * @param previousNewestFirst the user's history, newest first, as in
   *                            {@link io.persona.models.profile.UserProfile#recentHistory()};
   *                            entries after {@code at} (a late event) and entries of
   *                            {@code newItem} itself (including this very event) are skipped
   */
  public void observe(String newItem, Instant at, List<HistoryEntry> previousNewestFirst) {
    Objects.requireNonNull(newItem, "newItem");
    long atMillis = at.toEpochMilli();
    Set<String> partners = new LinkedHashSet<>();
    long cursor = atMillis;
    for (HistoryEntry entry : previousNewestFirst) {
      long t = entry.timestamp().toEpochMilli();
      if (t > atMillis) {
        continue;
      }
      if (cursor - t > sessionGapMillis) {
        break;
      }
      cursor = t;
      if (!entry.itemId().equals(newItem)) {
        partners.add(entry.itemId());
        if (partners.size() == window) {
          break;
        }
      }
    }
    if (partners.isEmpty()) {
      return;
    }
    latestMillis.accumulateAndGet(atMillis, Math::max);
    for (String partner : partners) {
      add(newItem, partner, atMillis);
      add(partner, newItem, atMillis);
    }
  }

  private void add(String item, String neighbour, long atMillis) {
    Row row = rows.computeIfAbsent(item, id -> new Row());
    synchronized (row) {
      row.weights.merge(neighbour, new DecayedScore(1, atMillis),
          (old, fresh) -> old.plus(1, atMillis, halfLifeMillis));
      if (row.weights.size() > 2 * neighboursPerItem) {
        prune(row);
      }
    }
  }

  /** Keeps the strongest {@code neighboursPerItem} of a row; the caller holds its lock. */
  private void prune(Row row) {
    long at = latestMillis.get();
    // each weight decayed once, not once per comparison (a prune sorts 2 x neighboursPerItem entries)
    List<ScoredItem> entries = new ArrayList<>(row.weights.size());
    row.weights.forEach((id, weight) -> entries.add(new ScoredItem(id, weight.valueAt(at, halfLifeMillis))));
    entries.sort(BEST_FIRST);
    for (ScoredItem weak : entries.subList(neighboursPerItem, entries.size())) {
      row.weights.remove(weak.itemId());
    }
  }

  /** Items with a row of neighbours. */
  public int rows() {
    return rows.size();
  }

  /**
   * The {@code k} items most often seen together with {@code seedsNewestFirst}: per candidate,
   * the sum over the seeds of its weight with the seed, the seed at position i (newest first,
   * repeated seeds counted once) counting 1/(1+i), so that what the user looked at last matters
   * most. Seeds themselves and items {@code accept} rejects are left out. Best first.
   */
  public List<ScoredItem> neighbours(List<String> seedsNewestFirst, int k, Predicate<String> accept) {
    Objects.requireNonNull(accept, "accept");
    if (k <= 0 || seedsNewestFirst.isEmpty()) {
      return List.of();
    }
    long at = latestMillis.get();
    Set<String> seeds = new HashSet<>(seedsNewestFirst);
    Set<String> seen = new HashSet<>();
    Map<String, Double> sums = new HashMap<>();
    int rank = 0;
    for (String seed : seedsNewestFirst) {
      if (!seen.add(seed)) {
        continue;
      }
      double seedWeight = 1.0 / (1 + rank++);
      Row row = rows.get(seed);
      if (row == null) {
        continue;
      }
      synchronized (row) {
        row.weights.forEach((neighbour, weight) -> {
          if (!seeds.contains(neighbour)) {
            sums.merge(neighbour, seedWeight * weight.valueAt(at, halfLifeMillis), Double::sum);
          }
        });
      }
    }
    PriorityQueue<ScoredItem> best = new PriorityQueue<>(k + 1, BEST_FIRST.reversed());
    sums.forEach((itemId, sum) -> {
      if (accept.test(itemId)) {
        best.add(new ScoredItem(itemId, sum));
        if (best.size() > k) {
          best.poll();
        }
      }
    });
    List<ScoredItem> result = new ArrayList<>(best);
    result.sort(BEST_FIRST);
    return result;
  }

  /**
   * Forgets the neighbours of {@code itemId} (an item gone from the catalog). Other rows still
   * name it until pruned; callers filter those out with their accept predicate.
   */
  public void remove(String itemId) {
    rows.remove(itemId);
  }

  /** How many neighbours {@code itemId} keeps now (tests check the pruning bound). */
  int neighbourCount(String itemId) {
    Row row = rows.get(itemId);
    if (row == null) {
      return 0;
    }
    synchronized (row) {
      return row.weights.size();
    }
  }
}
