package io.persona.actors.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.retrieval.Candidate;
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

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RetrievalCache cache = new RetrievalCache(Duration.ofSeconds(30), 3, nanos::get);

  private static RetrievalCache.Key key(String user) {
    return new RetrievalCache.Key(user, SeenItems.EXCLUDE, ItemFilter.NONE);
  }

  private static RetrievalCache.Stamp stamp(long events) {
    return new RetrievalCache.Stamp(events, T0.plusSeconds(events), "h1", 7);
  }

  @Test
  void aSecondAskWithNothingChangedGetsTheSameCandidatesInTheSameOrder() {
    assertNull(cache.lookup(key("u1"), stamp(5), id -> true), "nothing kept yet");
    cache.store(key("u1"), stamp(5), CANDIDATES, id -> id);
    assertEquals(CANDIDATES, cache.lookup(key("u1"), stamp(5), id -> true));
    assertEquals(CANDIDATES, cache.lookup(key("u1"), stamp(5), id -> true), "a use does not consume the list");
  }

  @Test
  void theUsersNextEventANewHistoryModelOrNewVectorsMakeTheListStale() {
    cache.store(key("u1"), stamp(5), CANDIDATES, id -> id);
    assertNull(cache.lookup(key("u1"), stamp(6), id -> true), "an event moved the profile");
    cache.store(key("u1"), stamp(5), CANDIDATES, id -> id);
    assertNull(cache.lookup(key("u1"), new RetrievalCache.Stamp(5, T0.plusSeconds(5), "h2", 7), id -> true),
        "another history model");
    cache.store(key("u1"), stamp(5), CANDIDATES, id -> id);
    assertNull(cache.lookup(key("u1"), new RetrievalCache.Stamp(5, T0.plusSeconds(5), "h1", 8), id -> true),
        "the trained vectors changed");
    cache.store(key("u1"), stamp(5), CANDIDATES, id -> id);
    assertNull(cache.lookup(key("u1"), new RetrievalCache.Stamp(0, null, "h1", 7), id -> true),
        "the user's data was deleted: an empty profile");
  }

  @Test
  void aListServesForItsTtlOnly() {
    cache.store(key("u1"), stamp(5), CANDIDATES, id -> id);
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertEquals(CANDIDATES, cache.lookup(key("u1"), stamp(5), id -> true));
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertNull(cache.lookup(key("u1"), stamp(5), id -> true), "others' activity must reach the list within the ttl");
    assertEquals(0, cache.size(), "an expired list is dropped when met");
  }

  @Test
  void anItemNoLongerListableIsLeftOutOfAKeptList() {
    cache.store(key("u1"), stamp(5), CANDIDATES, id -> id);
    List<Candidate> kept = cache.lookup(key("u1"), stamp(5), id -> !id.equals("b"));
    assertEquals(List.of(CANDIDATES.get(0), CANDIDATES.get(2)), kept);
  }

  @Test
  void seenModesAndFiltersAreListsOfTheirOwn() {
    cache.store(key("u1"), stamp(5), CANDIDATES, id -> id);
    assertNull(cache.lookup(new RetrievalCache.Key("u1", SeenItems.INCLUDE, ItemFilter.NONE), stamp(5), id -> true));
    ItemFilter shoes = new ItemFilter(Set.of(), "shoes", Map.of());
    assertNull(cache.lookup(new RetrievalCache.Key("u1", SeenItems.EXCLUDE, shoes), stamp(5), id -> true));
    assertEquals(CANDIDATES, cache.lookup(new RetrievalCache.Key("u1", SeenItems.EXCLUDE,
        new ItemFilter(Set.of(), null, Map.of())), stamp(5), id -> true), "an equal filter is the same list");
  }

  @Test
  void theCatalogsOwnIdInstanceIsKept() {
    String catalogsId = "item-42";
    String requestsCopy = new String(catalogsId);
    cache.store(key("u1"), stamp(5), List.of(new Candidate(requestsCopy, CandidateSource.ANN, 1)), id -> catalogsId);
    assertSame(catalogsId, cache.lookup(key("u1"), stamp(5), id -> true).get(0).itemId());
  }

  @Test
  void aFullCacheDropsExpiredListsFirstAndNeverHoldsMoreThanItsBound() {
    cache.store(key("old"), stamp(1), CANDIDATES, id -> id);
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    cache.store(key("u1"), stamp(1), CANDIDATES, id -> id);
    cache.store(key("u2"), stamp(1), CANDIDATES, id -> id);
    cache.store(key("u3"), stamp(1), CANDIDATES, id -> id);
    assertEquals(3, cache.size());
    assertNull(cache.lookup(key("old"), stamp(1), id -> true));
    for (int user = 4; user < 20; user++) {
      cache.store(key("u" + user), stamp(1), CANDIDATES, id -> id);
      assertTrue(cache.size() <= 3, "at most max-users lists, was " + cache.size());
    }
    assertEquals(CANDIDATES, cache.lookup(key("u19"), stamp(1), id -> true), "the newest list is kept");
  }

  @Test
  void aTtlOfZeroTurnsTheCacheOff() {
    RetrievalCache off = new RetrievalCache(Duration.ZERO, 100, nanos::get);
    assertFalse(off.enabled());
    off.store(key("u1"), stamp(5), CANDIDATES, id -> id);
    assertNull(off.lookup(key("u1"), stamp(5), id -> true));
    assertEquals(0, off.size());
    assertThrows(IllegalArgumentException.class, () -> new RetrievalCache(Duration.ofSeconds(-1), 1));
  }
}
