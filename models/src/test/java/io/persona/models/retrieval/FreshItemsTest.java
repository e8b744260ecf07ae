package io.persona.models.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreshItemsTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static List<String> ids(List<ScoredItem> items) {
    return items.stream().map(ScoredItem::itemId).toList();
  }

  @Test
  void newestComeFirstAndAreScoredByCreationTime() {
    FreshItems fresh = new FreshItems(10);
    fresh.add("middle", T0.plusSeconds(60));
    fresh.add("oldest", T0);
    fresh.add("newest", T0.plusSeconds(120));

    List<ScoredItem> newest = fresh.newest(10, id -> true);

    assertEquals(List.of("newest", "middle", "oldest"), ids(newest));
    assertEquals(T0.getEpochSecond() + 120, newest.get(0).score(), 1e-3);
    assertEquals(List.of("newest", "oldest"), ids(fresh.newest(2, id -> !id.equals("middle"))));
  }

  @Test
  void onlyTheMostRecentlyCreatedAreKept() {
    FreshItems fresh = new FreshItems(2);
    fresh.add("b", T0.plusSeconds(2));
    fresh.add("a", T0.plusSeconds(1));
    fresh.add("c", T0.plusSeconds(3));
    fresh.add("too-old", T0);

    assertEquals(List.of("c", "b"), ids(fresh.newest(10, id -> true)));
    assertEquals(2, fresh.size());
  }

  @Test
  void addingAgainMovesAndRemoveForgets() {
    FreshItems fresh = new FreshItems(10);
    fresh.add("a", T0);
    fresh.add("b", T0.plusSeconds(1));
    fresh.add("a", T0.plusSeconds(2));
    assertEquals(List.of("a", "b"), ids(fresh.newest(10, id -> true)));

    fresh.remove("a");
    fresh.remove("unknown");
    assertEquals(List.of("b"), ids(fresh.newest(10, id -> true)));
    assertEquals(1, fresh.size());
  }
}
