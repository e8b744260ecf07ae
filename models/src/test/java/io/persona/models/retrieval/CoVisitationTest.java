package io.persona.models.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.profile.HistoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CoVisitationTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration GAP = Duration.ofMinutes(30);
  private static final Duration DAY = Duration.ofDays(1);
  private static final Predicate<String> ALL = id -> true;
  private static final double EPS = 1e-9;

  /** Feeds one user's interactions in order, each seeing the history before it, like a profile. */
  private static void session(CoVisitation covisitation, Instant start, Duration step, String... items) {
    List<HistoryEntry> newestFirst = new ArrayList<>();
    Instant at = start;
    for (String item : items) {
      covisitation.observe(item, at, List.copyOf(newestFirst));
      newestFirst.add(0, new HistoryEntry(item, "view", "c", at));
      at = at.plus(step);
    }
  }

  private static List<String> ids(List<ScoredItem> items) {
    return items.stream().map(ScoredItem::itemId).toList();
  }

  @Test
  void itemsOfOneSessionArePairedBothWays() {
    CoVisitation covisitation = new CoVisitation(GAP, 5, 10, DAY);
    session(covisitation, T0, Duration.ofMinutes(1), "a", "b", "c");

    assertEquals(List.of("b", "c"), ids(covisitation.neighbours(List.of("a"), 10, ALL)).stream().sorted().toList());
    assertEquals(List.of("a", "b"), ids(covisitation.neighbours(List.of("c"), 10, ALL)).stream().sorted().toList());
  }

  @Test
  void aPauseLongerThanTheGapEndsTheSession() {
    CoVisitation covisitation = new CoVisitation(GAP, 5, 10, DAY);
    List<HistoryEntry> history = List.of(
        new HistoryEntry("b", "view", "c", T0.minus(Duration.ofMinutes(10))),
        new HistoryEntry("a", "view", "c", T0.minus(Duration.ofMinutes(50)))); // 40 minutes before b

    covisitation.observe("x", T0, history);

    assertEquals(List.of("b"), ids(covisitation.neighbours(List.of("x"), 10, ALL)));
    assertEquals(List.of(), covisitation.neighbours(List.of("a"), 10, ALL));
  }

  @Test
  void onlyTheWindowOfPreviousItemsIsPairedAndTheItemItselfIsSkipped() {
    CoVisitation covisitation = new CoVisitation(GAP, 2, 10, DAY);
    List<HistoryEntry> history = List.of(
        new HistoryEntry("x", "view", "c", T0), // this very event, already in the history
        new HistoryEntry("d", "view", "c", T0.minusSeconds(10)),
        new HistoryEntry("x", "view", "c", T0.minusSeconds(20)),
        new HistoryEntry("c", "view", "c", T0.minusSeconds(30)),
        new HistoryEntry("b", "view", "c", T0.minusSeconds(40)));

    covisitation.observe("x", T0, history);

    assertEquals(List.of("c", "d"), ids(covisitation.neighbours(List.of("x"), 10, ALL)).stream().sorted().toList());
  }

  @Test
  void pairsSeenMoreOftenAndMoreRecentlyRankHigher() {
    CoVisitation covisitation = new CoVisitation(GAP, 5, 10, DAY);
    session(covisitation, T0, Duration.ofMinutes(1), "a", "often");
    session(covisitation, T0.plus(Duration.ofHours(1)), Duration.ofMinutes(1), "a", "often");
    session(covisitation, T0.plus(Duration.ofHours(2)), Duration.ofMinutes(1), "a", "once");
    session(covisitation, T0.minus(DAY.multipliedBy(3)), Duration.ofMinutes(1), "a", "long-ago");
    session(covisitation, T0.minus(DAY.multipliedBy(3)), Duration.ofMinutes(1), "a", "long-ago");

    List<ScoredItem> neighbours = covisitation.neighbours(List.of("a"), 10, ALL);

    assertEquals(List.of("often", "once", "long-ago"), ids(neighbours));
    assertEquals(List.of("often"), ids(covisitation.neighbours(List.of("a"), 1, ALL)));
    assertEquals(List.of("once", "long-ago"), ids(covisitation.neighbours(List.of("a"), 10, id -> !id.equals("often"))));
  }

  @Test
  void newerSeedsWeighMoreAndSeedsAreNotReturned() {
    CoVisitation covisitation = new CoVisitation(GAP, 1, 10, DAY);
    session(covisitation, T0, Duration.ofMinutes(1), "old-seed", "of-old");
    session(covisitation, T0, Duration.ofMinutes(1), "new-seed", "of-new");
    session(covisitation, T0, Duration.ofMinutes(1), "new-seed", "old-seed");

    List<ScoredItem> neighbours = covisitation.neighbours(List.of("new-seed", "old-seed", "new-seed"), 10, ALL);

    assertEquals(List.of("of-new", "of-old"), ids(neighbours));
    assertEquals(1.0, neighbours.get(0).score(), EPS);
    assertEquals(0.5, neighbours.get(1).score(), EPS);
  }

  @Test
  void eachItemKeepsABoundedNumberOfItsStrongestNeighbours() {
    int keep = 5;
    CoVisitation covisitation = new CoVisitation(GAP, 1, keep, DAY);
    for (int i = 0; i < keep; i++) {
      for (int repeat = 0; repeat < 3; repeat++) {
        session(covisitation, T0, Duration.ofMinutes(1), "hub", "strong-" + i);
      }
    }
    for (int i = 0; i < 200; i++) {
      session(covisitation, T0, Duration.ofMinutes(1), "hub", "weak-" + i);
      assertTrue(covisitation.neighbourCount("hub") <= 2 * keep);
    }

    assertEquals(keep, covisitation.neighbours(List.of("hub"), keep, ALL).stream()
        .filter(s -> s.itemId().startsWith("strong-")).count());
  }
}
