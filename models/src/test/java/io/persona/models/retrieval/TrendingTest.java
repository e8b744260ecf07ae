package io.persona.models.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendingTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final double EPS = 1e-9;

  private static List<String> ids(List<ScoredItem> items) {
    return items.stream().map(ScoredItem::itemId).toList();
  }

  @Test
  void countsHalveEveryHalfLife() {
    Trending trending = new Trending(HOUR, 10);
    trending.observe("a", 4, T0);
    trending.observe("a", 4, T0);

    assertEquals(8, trending.score("a", T0), EPS);
    assertEquals(4, trending.score("a", T0.plus(HOUR)), EPS);
    assertEquals(2, trending.score("a", T0.plus(HOUR.multipliedBy(2))), EPS);
    assertEquals(0, trending.score("unseen", T0), EPS);
  }

  @Test
  void recentInteractionsOutrankOlderOnesOfTheSameCount() {
    Trending trending = new Trending(HOUR, 10);
    for (int i = 0; i < 3; i++) {
      trending.observe("old", 1, T0);
      trending.observe("new", 1, T0.plus(HOUR.multipliedBy(2)));
    }
    trending.observe("older-but-heavier", 20, T0);

    Instant now = T0.plus(HOUR.multipliedBy(2));
    // old: 3/4, new: 3, older-but-heavier: 20/4 = 5
    assertEquals(List.of("older-but-heavier", "new", "old"), ids(trending.top(10, now)));
    assertEquals(List.of("older-but-heavier"), ids(trending.top(1, now)));
    assertEquals(5, trending.top(1, now).get(0).score(), EPS);
    assertEquals(List.of(), trending.top(0, now));
  }

  @Test
  void lateObservationsCountAsTheirDecayedWeight() {
    Trending trending = new Trending(HOUR, 10);
    trending.observe("a", 1, T0.plus(HOUR));
    trending.observe("a", 4, T0); // arrives late: worth 2 one hour later

    assertEquals(3, trending.score("a", T0.plus(HOUR)), EPS);
  }

  @Test
  void memoryStaysBoundedAndTheWeakestAreDropped() {
    int capacity = 100;
    Trending trending = new Trending(HOUR, capacity);
    for (int i = 0; i < 50; i++) {
      trending.observe("strong-" + i, 100, T0);
    }
    for (int i = 0; i < 5000; i++) {
      trending.observe("weak-" + i, 1, T0.plusSeconds(i));
      assertTrue(trending.size() <= capacity + Math.max(16, capacity / 8), "size " + trending.size());
    }
    Instant now = T0.plusSeconds(5000);
    assertEquals(50, trending.top(50, now).stream().filter(s -> s.itemId().startsWith("strong-")).count());
  }

  @Test
  void negativeOrNonFiniteWeightsAreRejected() {
    Trending trending = new Trending(HOUR, 10);
    assertThrows(IllegalArgumentException.class, () -> trending.observe("a", -1, T0));
    assertThrows(IllegalArgumentException.class, () -> trending.observe("a", Double.NaN, T0));
    assertThrows(IllegalArgumentException.class, () -> new Trending(Duration.ZERO, 10));
    assertThrows(IllegalArgumentException.class, () -> new Trending(HOUR, 0));
  }
}
