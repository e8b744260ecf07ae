package io.persona.actors.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.retrieval.Candidate;
import io.persona.models.retrieval.CandidateQuotas;
import io.persona.models.retrieval.CandidateSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetrievalCacheTest {
  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
  private static final List<Candidate> CANDIDATES = List.of(
      new Candidate("a", CandidateSource.HISTORY, 0.9),
      new Candidate("b", CandidateSource.ANN, 0.5),
      new Candidate("c", CandidateSource.TRENDING, 0.1));

  private static final CandidateQuotas QUOTAS = new CandidateQuotas(500, 100, 50, 30, 20);
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RetrievalCache cache = new RetrievalCache(Duration.ofSeconds(30), 3, nanos::get);

  private static RetrievalCache.Key key(String user) {
    return RetrievalCache.Key.of(user, SeenItems.EXCLUDE, ItemFilter.NONE, QUOTAS);
  }

  private static RetrievalCache.Stamp stamp(long events) {
    return new RetrievalCache.Stamp(events, T0.plusSeconds(events), "h1", 7);
  }

  @Test
  void aSecondAskWithNothingChangedGetsTheSameCandidatesInTheSameOrder() {
    assertNull(cache.lookup(key("u1"), stamp(5), Set.of(), id -> true), "nothing kept yet");
    cache.store(key("u1"), stamp(5), Set.of(), CANDIDATES, id -> id);
    assertEquals(CANDIDATES, cache.lookup(key("u1"), stamp(5), Set.of(), id -> true));
    assertEquals(CANDIDATES, cache.lookup(key("u1"), stamp(5), Set.of(), id -> true), "a use does not consume the list");
  }

  @Test
  void theUsersNextEventANewHistoryModelOrNewVectorsMakeTheListStale() {
    cache.store(key("u1"), stamp(5), Set.of(), CANDIDATES, id -> id);
    assertNull(cache.lookup(key("u1"), stamp(6), Set.of(), id -> true), "an event moved the profile");
    cache.store(key("u1"), stamp(5), Set.of(), CANDIDATES, id -> id);
    assertNull(cache.lookup(key("u1"), new RetrievalCache.Stamp(5, T0.plusSeconds(5), "h2", 7), Set.of(), id -> true),
        "another history model");
    cache.store(key("u1"), stamp(5), Set.of(), CANDIDATES, id -> id);
    assertNull(cache.lookup(key("u1"), new RetrievalCache.Stamp(5, T0.plusSeconds(5), "h1", 8), Set.of(), id -> true),
        "the trained vectors changed");
    cache.store(key("u1"), stamp(5), Set.of(), CANDIDATES, id -> id);
    assertNull(cache.lookup(key("u1"), new RetrievalCache.Stamp(0, null, "h1", 7), Set.of(), id -> true),
        "the user's data was deleted: an empty profile");
  }

  @Test
  void aListServesForItsTtlOnly() {
    cache.store(key("u1"), stamp(5), Set.of(), CANDIDATES, id -> id);
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertEquals(CANDIDATES, cache.lookup(key("u1"), stamp(5), Set.of(), id -> true));
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertNull(cache.lookup(key("u1"), stamp(5), Set.of(), id -> true), "others' activity must reach the list within the ttl");
    assertEquals(0, cache.size(), "an expired list is dropped when met");
  }

  @Test
  void anItemNoLongerListableIsLeftOutOfAKeptList() {
    cache.store(key("u1"), stamp(5), Set.of(), CANDIDATES, id -> id);
    List<Candidate> kept = cache.lookup(key("u1"), stamp(5), Set.of(), id -> !id.equals("b"));
    assertEquals(List.of(CANDIDATES.get(0), CANDIDATES.get(2)), kept);
  }

  @Test
  void seenModesFiltersAndCandidateCountsAreListsOfTheirOwn() {
    cache.store(key("u1"), stamp(5), Set.of(), CANDIDATES, id -> id);
    assertNull(cache.lookup(RetrievalCache.Key.of("u1", SeenItems.INCLUDE, ItemFilter.NONE, QUOTAS), stamp(5), Set.of(),
        id -> true));
    ItemFilter shoes = new ItemFilter(Set.of(), "shoes", Map.of());
    assertNull(cache.lookup(RetrievalCache.Key.of("u1", SeenItems.EXCLUDE, shoes, QUOTAS), stamp(5), Set.of(), id -> true));
    assertEquals(CANDIDATES, cache.lookup(RetrievalCache.Key.of("u1", SeenItems.EXCLUDE,
        new ItemFilter(Set.of(), null, Map.of()), QUOTAS), stamp(5), Set.of(), id -> true), "an equal filter is the same list");
    assertNull(cache.lookup(RetrievalCache.Key.of("u1", SeenItems.EXCLUDE, ItemFilter.NONE, QUOTAS.scaled(0.5)), stamp(5), Set.of(),
        id -> true), "the blend's fewer candidates are no list for a ranker, nor the reverse");
  }

  @Test
  void aListRetrievedWithoutExcludedIdsServesTheNextPageButNotTheReverse() {
    ItemFilter nextPage = new ItemFilter(Set.of("a"), null, Map.of());
    RetrievalCache.Key key = RetrievalCache.Key.of("u1", SeenItems.EXCLUDE, nextPage, QUOTAS);
    assertEquals(key("u1"), key, "the ids a caller excludes are not part of the key");
    cache.store(key("u1"), stamp(5), Set.of(), CANDIDATES, id -> id);
    assertEquals(List.of(CANDIDATES.get(1), CANDIDATES.get(2)),
        cache.lookup(key, stamp(5), nextPage.excluded(), id -> !nextPage.excluded().contains(id)),
        "the first page's list serves the next page, which leaves out the items shown");
    cache.store(key, stamp(6), Set.of("a"), List.of(CANDIDATES.get(1), CANDIDATES.get(2)), id -> id);
    assertNull(cache.lookup(key("u1"), stamp(6), Set.of(), id -> true),
        "a list retrieved without item a cannot serve a request that admits it");
  }

  @Test
  void theCatalogsOwnIdInstanceIsKept() {
    String catalogsId = "item-42";
    String requestsCopy = new String(catalogsId);
    cache.store(key("u1"), stamp(5), Set.of(), List.of(new Candidate(requestsCopy, CandidateSource.ANN, 1)), id -> catalogsId);
    assertSame(catalogsId, cache.lookup(key("u1"), stamp(5), Set.of(), id -> true).get(0).itemId());
  }

  @Test
  void aFullCacheDropsExpiredListsFirstAndNeverHoldsMoreThanItsBound() {
    cache.store(key("old"), stamp(1), Set.of(), CANDIDATES, id -> id);
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    cache.store(key("u1"), stamp(1), Set.of(), CANDIDATES, id -> id);
    cache.store(key("u2"), stamp(1), Set.of(), CANDIDATES, id -> id);
    cache.store(key("u3"), stamp(1), Set.of(), CANDIDATES, id -> id);
    assertEquals(3, cache.size());
    assertNull(cache.lookup(key("old"), stamp(1), Set.of(), id -> true));
    for (int user = 4; user < 20; user++) {
      nanos.incrementAndGet();
      cache.store(key("u" + user), stamp(1), Set.of(), CANDIDATES, id -> id);
      assertTrue(cache.size() <= 3, "at most max-users lists, was " + cache.size());
    }
    assertEquals(CANDIDATES, cache.lookup(key("u19"), stamp(1), Set.of(), id -> true), "the newest list is kept");
    assertEquals(CANDIDATES, cache.lookup(key("u18"), stamp(1), Set.of(), id -> true), "and the one before it");
    assertNull(cache.lookup(key("u4"), stamp(1), Set.of(), id -> true), "the oldest go first");
  }

  @Test
  void aTtlOfZeroTurnsTheCacheOff() {
    RetrievalCache off = new RetrievalCache(Duration.ZERO, 100, nanos::get);
    assertFalse(off.enabled());
    off.store(key("u1"), stamp(5), Set.of(), CANDIDATES, id -> id);
    assertNull(off.lookup(key("u1"), stamp(5), Set.of(), id -> true));
    assertEquals(0, off.size());
    assertThrows(IllegalArgumentException.class, () -> new RetrievalCache(Duration.ofSeconds(-1), 1));
  }
}
