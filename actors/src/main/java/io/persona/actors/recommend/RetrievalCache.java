package io.persona.actors.recommend;

import io.persona.models.retrieval.Candidate;
import io.persona.models.retrieval.CandidateQuotas;
import io.persona.models.retrieval.CandidateSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Each recent user's retrieved candidates, kept between the user's events (issue 16, item 3): a user
 * who asks again before acting (a page reload, a second widget, the next page) is ranked afresh from
 * the same candidates instead of searching every source again. Ranking, features, rules and the slate
 * are always computed per request; only retrieval's output is reused.
 *
 * <p>A kept list is used only while its {@link Stamp} still holds: any event of the user (the
 * profile's event count or newest timestamp moves), a new history model or a change of the trained
 * vectors makes it stale at once. What changes without those reaches a kept list within {@code ttl}:
 * other users' activity (trending, co-visitation), new items, items available again, changed
 * categories or attributes, and an item's cold-start vector (before any training, the whole nearest-
 * neighbour source). Every use re-asks {@code stillListable} of each kept candidate, so an item made
 * unavailable, removed, or no longer admitted by the request's filter is never listed.
 *
 * <p>Bounded: at most {@code maxUsers} lists (a user asking with two seen modes or filters holds two),
 * each held compactly (about 13 bytes a candidate: the catalog's own id string, a source byte and a
 * score; plus the ids its request excluded), so 4,096 lists of 500 candidates take ~27 MB. A full
 * cache first drops expired lists, then the oldest, down to seven eighths of the bound.
 */
public final class RetrievalCache {
  private static final CandidateSource[] SOURCES = CandidateSource.values();
  /**
   * Expired lists of users who never came back are swept out every this many lookups and stores, so
   * a list outlives its ttl only while the node serves nothing (a deleted user's list is never used
   * again either way: the user's emptied profile no longer matches its stamp).
   */
  private static final int SWEEP_EVERY = 256;

  /**
   * Which retrieval a list answers: the user, the seen mode, what the caller's filter admits by
   * category and attributes, and the quotas it was retrieved with (fewer where the blend orders the
   * list than where a ranker does). The ids a caller excludes (the items on the page already)
   * are not part of it: a list retrieved without them serves a request that excludes them too (the
   * next page, a second widget), see {@link #lookup}.
   */
  public record Key(String userId, SeenItems seen, String category, Map<String, String> attributes,
                    CandidateQuotas quotas) {
    public Key {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(seen, "seen");
      Objects.requireNonNull(quotas, "quotas");
      attributes = Map.copyOf(attributes);
    }

    public static Key of(String userId, SeenItems seen, ItemFilter filter, CandidateQuotas quotas) {
      return new Key(userId, seen, filter.category(), filter.attributes(), quotas);
    }
  }

  /**
   * What a list was computed from, beyond time: the user's profile (each accepted event adds to its
   * count; a deleted user's is empty again), the history model and the trained vectors.
   *
   * @param lastActivity null before the user's first event
   */
  public record Stamp(long totalEvents, Instant lastActivity, String historyVersion, long vectorsVersion) {}

  /** @param excluded the ids the request that retrieved this list excluded */
  private record Entry(Stamp stamp, long storedAtNanos, Set<String> excluded, String[] ids, byte[] sources,
                       double[] scores) {}

  private final Map<Key, Entry> lists = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final int maxUsers;
  private final LongSupplier nanoClock;
  private final AtomicInteger usesSinceSweep = new AtomicInteger();

  /** @param ttl how long a list may serve; zero turns the cache off */
  public RetrievalCache(Duration ttl, int maxUsers, LongSupplier nanoClock) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("retrieval-cache.ttl must not be negative");
    }
    if (maxUsers < 0) {
      throw new IllegalArgumentException("retrieval-cache.max-users must not be negative");
    }
    this.ttlNanos = ttl.toNanos();
    this.maxUsers = maxUsers;
    this.nanoClock = nanoClock;
  }

  public RetrievalCache(Duration ttl, int maxUsers) {
    this(ttl, maxUsers, System::nanoTime);
  }

  public boolean enabled() {
    return ttlNanos > 0 && maxUsers > 0;
  }

  /**
   * The candidates kept for {@code key} if they were computed from {@code stamp} less than the ttl
   * ago by a request that excluded no id {@code excluded} lacks, without those {@code stillListable}
   * refuses now (it must refuse {@code excluded}); otherwise null (the caller retrieves and
   * {@link #store}s).
   */
  public List<Candidate> lookup(Key key, Stamp stamp, Set<String> excluded, Predicate<String> stillListable) {
    if (!enabled()) {
      return null;
    }
    long now = nanoClock.getAsLong();
    sweepNowAndThen(now);
    Entry entry = lists.get(key);
    if (entry == null) {
      return null;
    }
    if (!entry.stamp().equals(stamp) || expired(entry, now)) {
      lists.remove(key, entry);
      return null;
    }
    if (!excluded.containsAll(entry.excluded())) { // the kept list lacks items this request admits
      return null;
    }
    List<Candidate> candidates = new ArrayList<>(entry.ids().length);
    for (int i = 0; i < entry.ids().length; i++) {
      if (stillListable.test(entry.ids()[i])) {
        candidates.add(new Candidate(entry.ids()[i], SOURCES[entry.sources()[i]], entry.scores()[i]));
      }
    }
    return candidates;
  }

  /**
   * Keeps {@code candidates} for {@code key}; {@code sharedId} gives the instance of an id to hold
   * (the catalog's own, so a kept list holds no copy of an id string).
   */
  public void store(Key key, Stamp stamp, Set<String> excluded, List<Candidate> candidates,
                    UnaryOperator<String> sharedId) {
    if (!enabled()) {
      return;
    }
    String[] ids = new String[candidates.size()];
    byte[] sources = new byte[candidates.size()];
    double[] scores = new double[candidates.size()];
    for (int i = 0; i < ids.length; i++) {
      Candidate candidate = candidates.get(i);
      String shared = sharedId.apply(candidate.itemId());
      ids[i] = shared == null ? candidate.itemId() : shared;
      sources[i] = (byte) candidate.source().ordinal();
      scores[i] = candidate.sourceScore();
    }
    long now = nanoClock.getAsLong();
    if (lists.size() >= maxUsers && !lists.containsKey(key)) {
      makeRoom(now);
    } else {
      sweepNowAndThen(now);
    }
    lists.put(key, new Entry(stamp, now, Set.copyOf(excluded), ids, sources, scores));
  }

  /** How many lists are kept now. */
  public int size() {
    return lists.size();
  }

  private boolean expired(Entry entry, long now) {
    return now - entry.storedAtNanos() >= ttlNanos;
  }

  private void sweepNowAndThen(long now) {
    if (usesSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
      usesSinceSweep.set(0);
      sweep(now);
    }
  }

  private void sweep(long now) {
    lists.values().removeIf(entry -> expired(entry, now));
  }

  /** Expired lists first, then the oldest, down to seven eighths of the bound. */
  private void makeRoom(long now) {
    sweep(now);
    int target = maxUsers - Math.max(1, maxUsers / 8);
    int surplus = lists.size() - target;
    if (surplus <= 0) {
      return;
    }
    List<Map.Entry<Key, Entry>> oldestFirst = new ArrayList<>(lists.entrySet());
    oldestFirst.sort(Comparator.comparingLong(kept -> kept.getValue().storedAtNanos()));
    for (Map.Entry<Key, Entry> kept : oldestFirst.subList(0, Math.min(surplus, oldestFirst.size()))) {
      lists.remove(kept.getKey(), kept.getValue());
    }
  }
}
