package io.persona.models.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrendingReplayTest {
  private static final Instant CUT = Instant.parse("2026-11-01T00:00:00Z");
  private static final Duration HALF_LIFE = Duration.ofHours(6);

  private static HistoryEvent event(String user, String item, Instant at) {
    return new HistoryEvent(user + "|" + item + "|" + at, user, item, "purchase", null, at);
  }

  @Test
  void eachAskedUserSeesEveryInteractionBeforeTheirMomentAndNoneAfter() {
    Map<String, List<HistoryEvent>> before = Map.of("old", List.of(event("old", "a", CUT.minusSeconds(3600))));
    List<HistoryEvent> later = List.of(
        event("x", "b", CUT.plusSeconds(3600)),
        event("y", "b", CUT.plusSeconds(7200)),
        event("z", "c", CUT.plusSeconds(36_000)));
    Map<String, Integer> index = new HashMap<>();
    Map<String, TrendingSnapshot> at = TrendingReplay.snapshots(before, later, CUT,
        Map.of("early", CUT.plusSeconds(60), "middle", CUT.plusSeconds(7200), "late", CUT.plusSeconds(40_000)),
        HALF_LIFE, e -> 1, user -> 10, index);

    assertEquals(List.of("a"), at.get("early").bestFirst(), "only what was bought before the cut");
    assertEquals(List.of("b", "a"), at.get("middle").bestFirst());
    assertEquals(Math.pow(0.5, 3 / 6.0) / Math.pow(0.5, 1 / 6.0), at.get("middle").scaled("a", index), 1e-6,
        "b counts one purchase an hour before: the one at the very moment asked is not yet counted");
    assertEquals(List.of("c", "b", "a"), at.get("late").bestFirst());
    assertEquals(1.0, at.get("late").scaled("c", index), 1e-6, "scaled by the best item");
    // c: one purchase 4,000 s before; b: two, 36,400 s and 32,800 s before
    double b = Math.pow(0.5, 36_400 / 21_600.0) + Math.pow(0.5, 32_800 / 21_600.0);
    assertEquals(b / Math.pow(0.5, 4_000 / 21_600.0), at.get("late").scaled("b", index), 1e-6);
    assertEquals(0, at.get("late").scaled("never-bought", index));
    assertEquals(b, at.get("late").count("b", index), 1e-6, "the ranker reads decayed counts, as serving's trending");
    assertEquals(Math.pow(0.5, 4_000 / 21_600.0), at.get("late").count("c", index), 1e-6);
    assertEquals(Math.pow(0.5, 3_660 / 21_600.0), at.get("early").count("a", index), 1e-6,
        "bought an hour before the cut, asked a minute after it");
  }

  @Test
  void decadesOfInteractionsWithAShortHalfLifeNeitherOverflowNorLoseTheLatest() {
    List<HistoryEvent> later = new ArrayList<>();
    for (int day = 0; day < 20 * 365; day++) {
      later.add(event("u" + day, "daily", CUT.plus(Duration.ofDays(day))));
    }
    Instant end = CUT.plus(Duration.ofDays(20 * 365));
    later.add(event("v", "new", end.minusSeconds(60)));
    later.add(event("w", "new", end.minusSeconds(30)));
    Map<String, Integer> index = new HashMap<>();
    TrendingSnapshot snapshot = TrendingReplay.snapshots(Map.of(), later, CUT, Map.of("asked", end),
        Duration.ofHours(1), e -> 1, user -> 10, index).get("asked");

    assertEquals(List.of("new", "daily"), snapshot.bestFirst());
    double newScore = Math.pow(0.5, 60 / 3600.0) + Math.pow(0.5, 30 / 3600.0);
    // the last daily purchase was a day before the end: 2^-24 of one purchase now
    assertEquals(Math.pow(0.5, 24) / newScore, snapshot.scaled("daily", index), 1e-9);
    assertEquals(newScore, snapshot.count("new", index), 1e-9, "the count at the moment asked, past every rescale");
  }

  @Test
  void itemsFarBelowTheBestCountZeroButTheListStillNamesAsManyAsAsked() {
    List<HistoryEvent> later = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      later.add(event("u" + i, "hit", CUT.plusSeconds(3600)));
    }
    later.add(event("x", "rare", CUT.plusSeconds(3600)));
    Map<String, Integer> index = new HashMap<>();
    Map<String, TrendingSnapshot> at = TrendingReplay.snapshots(Map.of(), later, CUT,
        Map.of("one", CUT.plusSeconds(7200)), HALF_LIFE, e -> 1, user -> 2, index);
    TrendingSnapshot snapshot = at.get("one");

    assertEquals(List.of("hit", "rare"), snapshot.bestFirst(), "listed though far below the floor");
    assertTrue(snapshot.scaled("rare", index) > 0, "a listed item keeps its score");
    Map<String, TrendingSnapshot> shortList = TrendingReplay.snapshots(Map.of(), later, CUT,
        Map.of("one", CUT.plusSeconds(7200)), HALF_LIFE, e -> 1, user -> 1, new HashMap<>());
    assertEquals(List.of("hit"), shortList.get("one").bestFirst());
  }

  @Test
  void aFlatTrendKeepsAtMostTheBestFewThousandItems() {
    List<HistoryEvent> later = new ArrayList<>();
    for (int i = 0; i < TrendingSnapshot.MAX_KEPT + 1_000; i++) {
      later.add(event("u" + i, String.format("item-%05d", i), CUT.plusSeconds(i)));
    }
    Map<String, Integer> index = new HashMap<>();
    TrendingSnapshot snapshot = TrendingReplay.snapshots(Map.of(), later, CUT, Map.of("u", CUT.plusSeconds(86_400)),
        Duration.ofDays(365), e -> 1, user -> 10, index).get("u");

    assertEquals(TrendingSnapshot.MAX_KEPT, snapshot.bestFirst().size());
    String newest = String.format("item-%05d", TrendingSnapshot.MAX_KEPT + 999);
    assertEquals(newest, snapshot.bestFirst().get(0), "the newest is the best by a little");
    assertEquals(0, snapshot.scaled("item-00000", index), "the oldest is past the cap");
    assertTrue(snapshot.scaled("item-01000", index) > 0.99, "the weakest kept is nearly as strong");
  }

  @Test
  void aNegativeWeightCountsNothing() {
    List<HistoryEvent> later = List.of(event("x", "disliked", CUT.plusSeconds(10)),
        event("y", "liked", CUT.plusSeconds(20)));
    Map<String, Integer> index = new HashMap<>();
    TrendingSnapshot snapshot = TrendingReplay.snapshots(Map.of(), later, CUT, Map.of("u", CUT.plusSeconds(30)),
        HALF_LIFE, e -> e.itemId().equals("disliked") ? -1 : 1, user -> 10, index).get("u");

    assertEquals(List.of("liked"), snapshot.bestFirst());
    assertEquals(0, snapshot.scaled("disliked", index));
  }
}
