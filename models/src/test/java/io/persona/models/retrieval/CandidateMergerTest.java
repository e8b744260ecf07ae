package io.persona.models.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CandidateMergerTest {
  private static final Predicate<String> NONE = id -> false;

  private static List<ScoredItem> items(String... ids) {
    List<ScoredItem> items = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      items.add(new ScoredItem(ids[i], ids.length - i));
    }
    return items;
  }

  private static List<String> ids(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::itemId).toList();
  }

  @Test
  void eachSourceContributesUpToItsQuotaInPriorityOrder() {
    Map<CandidateSource, List<ScoredItem>> bySource = Map.of(
        CandidateSource.FRESH, items("f1", "f2", "f3"),
        CandidateSource.ANN, items("a1", "a2", "a3"),
        CandidateSource.TRENDING, items("t1", "t2", "t3"),
        CandidateSource.CO_VISITATION, items("c1", "c2", "c3"));

    List<Candidate> merged = CandidateMerger.merge(bySource, new CandidateQuotas(7, 2, 2, 2, 1), NONE);

    assertEquals(List.of("a1", "a2", "c1", "c2", "t1", "t2", "f1"), ids(merged));
    assertEquals(new Candidate("a1", CandidateSource.ANN, 3), merged.get(0));
    assertEquals(CandidateSource.FRESH, merged.get(6).source());
  }

  @Test
  void anItemKeepsTheFirstSourceAndIsNotCountedTwice() {
    Map<CandidateSource, List<ScoredItem>> bySource = Map.of(
        CandidateSource.ANN, items("x", "a1"),
        CandidateSource.TRENDING, items("x", "t1", "t2"));

    List<Candidate> merged = CandidateMerger.merge(bySource, new CandidateQuotas(10, 2, 0, 2, 0), NONE);

    assertEquals(List.of("x", "a1", "t1", "t2"), ids(merged));
    assertEquals(CandidateSource.ANN, merged.get(0).source());
    assertEquals(CandidateSource.TRENDING, merged.get(2).source());
  }

  @Test
  void excludedItemsAreSkippedWithoutUsingTheQuota() {
    Map<CandidateSource, List<ScoredItem>> bySource = Map.of(
        CandidateSource.ANN, items("bought", "a1", "a2"),
        CandidateSource.FRESH, items("bought", "f1"));

    List<Candidate> merged = CandidateMerger.merge(bySource, new CandidateQuotas(3, 2, 0, 0, 1),
        id -> id.equals("bought"));

    assertEquals(List.of("a1", "a2", "f1"), ids(merged));
  }

  @Test
  void leftoverSlotsAreBackfilledRoundRobin() {
    Map<CandidateSource, List<ScoredItem>> bySource = Map.of(
        CandidateSource.ANN, items("a1", "a2", "a3", "a4"),
        CandidateSource.CO_VISITATION, items(), // nothing to offer: its slot goes to others
        CandidateSource.TRENDING, items("t1", "a3", "t2", "t3"));

    List<Candidate> merged = CandidateMerger.merge(bySource, new CandidateQuotas(6, 1, 2, 1, 0), NONE);

    // quotas: a1, t1; backfill rounds: (ANN a2, trending a3), (ANN skips a3 for a4, trending t2)
    assertEquals(List.of("a1", "t1", "a2", "a3", "a4", "t2"), ids(merged));
    assertEquals(CandidateSource.TRENDING, merged.get(3).source(), "a3 keeps the source that took it");
  }

  @Test
  void theTotalCapsTheResultAndNothingRepeats() {
    Map<CandidateSource, List<ScoredItem>> bySource = Map.of(
        CandidateSource.ANN, items("a", "b", "c", "d"),
        CandidateSource.CO_VISITATION, items("b", "c", "e"),
        CandidateSource.TRENDING, items("a", "e", "f"),
        CandidateSource.FRESH, items("f", "g"));

    for (int total = 1; total <= 9; total++) {
      List<Candidate> merged = CandidateMerger.merge(bySource, new CandidateQuotas(total, 3, 3, 3, 3), id -> id.equals("c"));
      Set<String> distinct = new HashSet<>(ids(merged));
      assertEquals(Math.min(total, 6), merged.size());
      assertEquals(merged.size(), distinct.size());
      assertEquals(false, distinct.contains("c"));
    }
  }

  @Test
  void quotasAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new CandidateQuotas(0, 1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new CandidateQuotas(10, -1, 1, 1, 1));
    assertEquals(4, new CandidateQuotas(10, 1, 2, 3, 4).of(CandidateSource.FRESH));
  }

  @Test
  void scaledQuotasKeepEverySourceRoundedUp() {
    assertEquals(new CandidateQuotas(4, 1, 1, 2, 2), new CandidateQuotas(7, 1, 2, 3, 4).scaled(0.5));
    assertEquals(new CandidateQuotas(7, 1, 2, 3, 4), new CandidateQuotas(7, 1, 2, 3, 4).scaled(1));
    assertEquals(7, new CandidateQuotas(100, 1, 2, 3, 4).scaled(0.07).total(), "0.07 x 100 is 7, not 8");
    assertThrows(IllegalArgumentException.class, () -> new CandidateQuotas(7, 1, 2, 3, 4).scaled(1.5));
    assertThrows(IllegalArgumentException.class, () -> new CandidateQuotas(7, 1, 2, 3, 4).scaled(Double.NaN));
  }

  @Test
  void sourceLabels() {
    assertEquals(List.of("repeat", "history", "ann", "co_visitation", "category_popular", "popular", "trending", "fresh",
        "request", "pinned"),
        List.of(CandidateSource.values()).stream().map(CandidateSource::label).toList());
  }
}
