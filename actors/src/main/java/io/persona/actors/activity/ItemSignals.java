package io.persona.actors.activity;

import io.persona.models.features.ItemStats;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.retrieval.CoVisitation;
import io.persona.models.retrieval.ScoredItem;
import io.persona.models.retrieval.Trending;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Node-local behaviour signals about items, maintained from the activity stream: trending
 * (time-decayed interactions), co-visitation (items seen together in a session) and
 * impressions/clicks. A click counts only when it answers a served slate (it carries a
 * requestId), so a click-through rate never counts clicks on items Persona did not show.
 */
public final class ItemSignals {
  private final Trending trending;
  private final CoVisitation coVisitation;
  private final Map<String, Counts> counts = new ConcurrentHashMap<>();

  private record Counts(LongAdder impressions, LongAdder clicks) {
    Counts() {
      this(new LongAdder(), new LongAdder());
    }
  }

  /** The trending list as last computed: ranking every item on every request would dominate its cost. */
  private record TrendingTop(long computedAtMillis, int k, List<ScoredItem> items) {
    List<ScoredItem> head(int k) {
      return items.size() <= k ? items : items.subList(0, k);
    }
  }

  /** The shortest trending list kept between refreshes. */
  public static final int CACHED_TOP = 1000;

  private final long trendingRefreshMillis;
  private final Predicate<String> catalogued;
  private final Executor refresher;
  /** True while a recomputation handed to the refresher has not finished. */
  private final AtomicBoolean refreshing = new AtomicBoolean();
  // far enough in the past for any request to find it due, near enough that no subtraction overflows
  private final AtomicReference<TrendingTop> trendingTop =
      new AtomicReference<>(new TrendingTop(Long.MIN_VALUE / 4, 0, List.of()));

  /** {@code trendingRefresh}: how stale the trending list served to retrieval may be. */
  public ItemSignals(Trending trending, CoVisitation coVisitation, Duration trendingRefresh) {
    this(trending, coVisitation, trendingRefresh, itemId -> true);
  }

  /** As below, the trending list recomputed on the asking thread when it is due. */
  public ItemSignals(Trending trending, CoVisitation coVisitation, Duration trendingRefresh,
                     Predicate<String> catalogued) {
    this(trending, coVisitation, trendingRefresh, catalogued, Runnable::run);
  }

  /**
   * @param catalogued whether an item is in the catalog: only those are counted, so item ids a
   *                   client makes up (events may name any id) grow no table on any node; an
   *                   item outside the catalog is never recommended, so nothing is lost
   * @param refresher  where a trending list that is due is recomputed while requests are served the
   *                   previous one (ranking every tracked item takes milliseconds: not on a request's
   *                   thread, and not by every request that finds it due at once)
   */
  public ItemSignals(Trending trending, CoVisitation coVisitation, Duration trendingRefresh,
                     Predicate<String> catalogued, Executor refresher) {
    this.trending = trending;
    this.coVisitation = coVisitation;
    this.trendingRefreshMillis = trendingRefresh.toMillis();
    this.catalogued = catalogued;
    this.refresher = refresher;
  }

  /**
   * The {@code k} most trending items at {@code now}. The list kept serves every request within two
   * refresh intervals of the moment it was computed for; one at least an interval after that moment
   * hands one recomputation to the refresher (live traffic asks often, so the list stays within about
   * an interval of fresh). A request two intervals or more away from it (after a quiet spell, asked as
   * of another moment, a clock set back) or wanting a longer list computes the list itself and keeps it.
   */
  public List<ScoredItem> trendingTop(int k, Instant now) {
    TrendingTop cached = trendingTop.get();
    long nowMillis = now.toEpochMilli();
    long age = nowMillis - cached.computedAtMillis();
    // at least CACHED_TOP long: requests ask for lists of different lengths (retrieval
    // over-fetches by what the user has excluded), and each longer one would rebuild it
    int length = Math.max(k, CACHED_TOP);
    if (cached.k() < k || Math.abs(age) >= 2 * trendingRefreshMillis) {
      TrendingTop fresh = compute(length, nowMillis);
      trendingTop.set(fresh);
      return fresh.head(k);
    }
    if (age >= trendingRefreshMillis && refreshing.compareAndSet(false, true)) {
      TrendingTop seen = cached;
      try {
        refresher.execute(() -> {
          try {
            // not over a list a request kept meanwhile
            trendingTop.compareAndSet(seen, compute(length, nowMillis));
          } finally {
            refreshing.set(false);
          }
        });
      } catch (RejectedExecutionException e) {
        refreshing.set(false); // a stopping node: the list kept is served until it is two intervals old
      } catch (RuntimeException | Error e) {
        refreshing.set(false);
        throw e;
      }
      TrendingTop kept = trendingTop.get(); // computed already where the refresher runs on this thread
      if (kept.k() >= k && Math.abs(nowMillis - kept.computedAtMillis()) < 2 * trendingRefreshMillis) {
        cached = kept;
      }
    }
    return cached.head(k);
  }

  private TrendingTop compute(int length, long nowMillis) {
    return new TrendingTop(nowMillis, length, trending.top(length, Instant.ofEpochMilli(nowMillis)));
  }

  public void observe(Activity activity, ProfileSettings profileSettings) {
    if (activity instanceof Activity.UserActed acted) {
      if (!catalogued.test(acted.itemId())) {
        return;
      }
      // Trending counts interest, so a negative rating adds nothing rather than subtracting.
      double weight = Math.max(0, profileSettings.weightOf(acted.type(), null));
      if (weight > 0) {
        trending.observe(acted.itemId(), weight, acted.timestamp());
      }
      coVisitation.observe(acted.itemId(), acted.timestamp(), cataloguedOnly(acted.previousNewestFirst()));
      if ("click".equals(acted.type()) && acted.requestId() != null) {
        counts.computeIfAbsent(acted.itemId(), id -> new Counts()).clicks().increment();
      }
    } else if (activity instanceof Activity.ItemsShown shown) {
      for (String id : shown.itemIds()) {
        if (catalogued.test(id)) {
          counts.computeIfAbsent(id, k -> new Counts()).impressions().increment();
        }
      }
    }
  }

  private List<HistoryEntry> cataloguedOnly(List<HistoryEntry> history) {
    for (HistoryEntry entry : history) {
      if (!catalogued.test(entry.itemId())) {
        return history.stream().filter(e -> catalogued.test(e.itemId())).toList();
      }
    }
    return history;
  }

  /**
   * Forgets everything counted for {@code itemId}, an item deleted from the catalog: its trending
   * count, its co-visitation row, its impressions and clicks. The kept trending list may still name
   * it until its next refresh; every candidate source filters deleted items out anyway. Other items'
   * co-visitation rows still name it until they are pruned (their readers filter it out).
   */
  public void forget(String itemId) {
    trending.remove(itemId);
    coVisitation.remove(itemId);
    counts.remove(itemId);
  }

  /** Whether signals are kept for the item (it is in this node's catalog). */
  public boolean catalogued(String itemId) {
    return catalogued.test(itemId);
  }

  /** Items with click or impression counts: at most the catalog's size. */
  public int countedItems() {
    return counts.size();
  }

  public ItemStats stats(String itemId, Instant now) {
    Counts c = counts.get(itemId);
    long impressions = c == null ? 0 : c.impressions().sum();
    // Clicks from another node can arrive before that node's impressions; never report more
    // clicks than impressions.
    long clicks = c == null ? 0 : Math.min(c.clicks().sum(), impressions);
    return new ItemStats(impressions, clicks, trending.score(itemId, now));
  }

  /** Every item with impressions: the table a popularity ranker is built from. */
  public Map<String, ItemStats> snapshot(Instant now) {
    Map<String, ItemStats> all = new HashMap<>();
    counts.forEach((id, c) -> {
      if (c.impressions().sum() > 0) {
        all.put(id, stats(id, now));
      }
    });
    return all;
  }

  public Trending trending() {
    return trending;
  }

  public CoVisitation coVisitation() {
    return coVisitation;
  }
}
