package io.persona.actors.activity;

import io.persona.models.features.ItemStats;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.retrieval.CoVisitation;
import io.persona.models.retrieval.ScoredItem;
import io.persona.models.retrieval.Trending;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ItemSignalsTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final ProfileSettings POLICY = ProfileSettings.defaults();

  private static ItemSignals signals() {
    return new ItemSignals(new Trending(Duration.ofHours(6), 1000),
        new CoVisitation(Duration.ofMinutes(30), 5, 10, Duration.ofDays(3)), Duration.ofSeconds(1));
  }

  private static Activity.UserActed acted(String type, String item, Instant at, String requestId) {
    return new Activity.UserActed("u", type, item, "c", at, requestId, List.of());
  }

  @Test
  void clicksCountOnlyWhenTheyAnswerAServedListAndNeverExceedImpressions() {
    ItemSignals signals = signals();
    signals.observe(new Activity.ItemsShown(List.of("a", "a", "b")), POLICY);
    signals.observe(acted("click", "a", T0, "req-1"), POLICY);
    signals.observe(acted("click", "a", T0, null), POLICY);
    signals.observe(acted("click", "c", T0, "req-2"), POLICY);
    ItemStats a = signals.stats("a", T0);
    assertEquals(2, a.impressions());
    assertEquals(1, a.clicks());
    assertEquals(0, signals.stats("c", T0).clicks(), "clicked but never shown by this cluster");
    assertEquals(2, signals.snapshot(T0).size());
  }

  @Test
  void itemIdsOutsideTheCatalogGrowNoTable() {
    java.util.Set<String> catalog = java.util.Set.of("a", "b");
    ItemSignals signals = new ItemSignals(new Trending(Duration.ofHours(6), 1000),
        new CoVisitation(Duration.ofMinutes(30), 5, 10, Duration.ofDays(3)), Duration.ofSeconds(1), catalog::contains);
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      String madeUp = "made-up-" + random.nextLong();
      Instant at = T0.plusSeconds(i);
      signals.observe(new Activity.UserActed("u", "click", madeUp, "c", at, "req-" + i,
          List.of(new io.persona.models.profile.HistoryEntry("a", "view", "c", at.minusSeconds(1)))), POLICY);
      signals.observe(new Activity.ItemsShown(List.of(madeUp)), POLICY);
    }
    assertEquals(0, signals.countedItems());
    assertEquals(0, signals.coVisitation().rows());
    assertEquals(List.of(), signals.trendingTop(5, T0.plusSeconds(10_000)));

    // a catalogued item paired with made-up ones keeps only its catalogued partners
    Instant at = T0.plusSeconds(20_000);
    signals.observe(new Activity.UserActed("u", "view", "b", "c", at, null, List.of(
        new io.persona.models.profile.HistoryEntry("made-up", "view", "c", at.minusSeconds(2)),
        new io.persona.models.profile.HistoryEntry("a", "view", "c", at.minusSeconds(3)))), POLICY);
    assertEquals(2, signals.coVisitation().rows(), "a and b, nothing for made-up");
    assertEquals(List.of("b"), ids(signals.trendingTop(5, at.plusSeconds(1))));
  }

  @Test
  void aDeletedItemLeavesNoCountsNoTrendingAndNoCoVisitationRow() {
    ItemSignals signals = signals();
    signals.observe(new Activity.ItemsShown(List.of("a", "b")), POLICY);
    signals.observe(acted("click", "a", T0, "req-1"), POLICY);
    signals.observe(new Activity.UserActed("u", "view", "b", "c", T0.plusSeconds(5), null,
        List.of(new io.persona.models.profile.HistoryEntry("a", "click", "c", T0))), POLICY);
    assertEquals(2, signals.countedItems());
    assertEquals(2, signals.coVisitation().rows());

    signals.forget("a");

    assertEquals(1, signals.countedItems());
    assertEquals(0, signals.stats("a", T0.plusSeconds(6)).impressions());
    assertEquals(0.0, signals.trending().score("a", T0.plusSeconds(6)));
    assertEquals(1, signals.coVisitation().rows(), "only b's row is left");
    assertEquals(List.of("b"), ids(signals.trending().top(5, T0.plusSeconds(6))));
  }

  @Test
  void theTrendingListIsReusedWithinItsRefreshIntervalThenRecomputed() {
    ItemSignals signals = signals();
    signals.observe(acted("view", "a", T0, null), POLICY);
    assertEquals(List.of("a"), ids(signals.trendingTop(5, T0)));
    signals.observe(acted("purchase", "b", T0, null), POLICY);
    assertEquals(List.of("a"), ids(signals.trendingTop(5, T0.plusMillis(500))), "cached");
    assertEquals(List.of("b", "a"), ids(signals.trendingTop(5, T0.plusSeconds(1))), "refreshed");
    assertEquals(List.of("b"), ids(signals.trendingTop(1, T0.plusSeconds(1))));
  }

  @Test
  void aLongerListAskedWithinTheIntervalIsServedFromTheCacheToo() {
    ItemSignals signals = signals();
    signals.observe(acted("view", "a", T0, null), POLICY);
    assertEquals(List.of("a"), ids(signals.trendingTop(5, T0)));
    signals.observe(acted("purchase", "b", T0, null), POLICY);
    assertEquals(List.of("a"), ids(signals.trendingTop(ItemSignals.CACHED_TOP, T0.plusMillis(500))),
        "a list up to CACHED_TOP long was computed the first time");
  }

  @Test
  void aDueListIsServedWhileOneRecomputationRunsElsewhere() {
    List<Runnable> queued = new ArrayList<>();
    ItemSignals signals = new ItemSignals(new Trending(Duration.ofHours(6), 1000),
        new CoVisitation(Duration.ofMinutes(30), 5, 10, Duration.ofDays(3)), Duration.ofSeconds(1),
        item -> true, queued::add);
    signals.observe(acted("view", "a", T0, null), POLICY);
    assertEquals(List.of("a"), ids(signals.trendingTop(5, T0)), "the first list is computed by the caller");
    signals.observe(acted("purchase", "b", T0, null), POLICY);
    assertEquals(List.of("a"), ids(signals.trendingTop(5, T0.plusMillis(1200))), "due: the last list meanwhile");
    assertEquals(List.of("a"), ids(signals.trendingTop(5, T0.plusMillis(1300))));
    assertEquals(1, queued.size(), "one recomputation for every request that found the list due");
    queued.remove(0).run();
    assertEquals(List.of("b", "a"), ids(signals.trendingTop(5, T0.plusMillis(1400))), "recomputed");
    assertEquals(List.of(), queued, "fresh again: nothing queued");
  }

  @Test
  void aListTwoIntervalsAwayFromTheRequestIsComputedByTheCallerAndKept() {
    List<Runnable> queued = new ArrayList<>();
    ItemSignals signals = queuedSignals(queued);
    signals.observe(acted("view", "a", T0, null), POLICY);
    assertEquals(List.of("a"), ids(signals.trendingTop(5, T0)));
    signals.observe(acted("purchase", "b", T0.plusSeconds(5), null), POLICY);
    assertEquals(List.of("b", "a"), ids(signals.trendingTop(5, T0.plusSeconds(5))), "5 s old: computed now");
    signals.observe(acted("purchase", "c", T0.plusSeconds(5), null), POLICY);
    assertEquals(List.of("b", "a"), ids(signals.trendingTop(5, T0.plusMillis(5900))), "kept within the interval");
    // a clock set back 10 s (or a request asked as of that moment): computed for it and kept, so the
    // requests after it do not each compute it again
    assertEquals(List.of("b", "c", "a"), ids(signals.trendingTop(5, T0.minusSeconds(5))));
    signals.observe(acted("purchase", "d", T0, null), POLICY);
    assertEquals(List.of("b", "c", "a"), ids(signals.trendingTop(5, T0.minusMillis(4900))), "the list kept");
    assertEquals(List.of(), queued);
  }

  @Test
  void everyDueIntervalHandsOneRecomputationToTheRefresherEvenAfterOneFailedToStart() {
    List<Runnable> queued = new ArrayList<>();
    boolean[] refuse = {false};
    ItemSignals signals = new ItemSignals(new Trending(Duration.ofHours(6), 1000),
        new CoVisitation(Duration.ofMinutes(30), 5, 10, Duration.ofDays(3)), Duration.ofSeconds(1),
        item -> true, task -> {
          if (refuse[0]) {
            throw new IllegalStateException("the pool is shutting down");
          }
          queued.add(task);
        });
    signals.observe(acted("view", "a", T0, null), POLICY);
    signals.trendingTop(5, T0);
    signals.observe(acted("purchase", "b", T0, null), POLICY);
    refuse[0] = true;
    assertThrows(IllegalStateException.class, () -> signals.trendingTop(5, T0.plusMillis(1100)));
    refuse[0] = false;
    assertEquals(List.of("a"), ids(signals.trendingTop(5, T0.plusMillis(1200))), "tried again: the last list meanwhile");
    assertEquals(1, queued.size());
    queued.remove(0).run();
    assertEquals(List.of("b", "a"), ids(signals.trendingTop(5, T0.plusMillis(1300))));
    signals.observe(acted("purchase", "c", T0.plusMillis(1300), null), POLICY);
    signals.trendingTop(5, T0.plusMillis(2300));
    assertEquals(1, queued.size(), "the next interval queues the next recomputation");
    queued.remove(0).run();
    assertEquals(List.of("c", "b", "a"), ids(signals.trendingTop(5, T0.plusMillis(2400))), "c is newer");
  }

  private static ItemSignals queuedSignals(List<Runnable> queued) {
    return new ItemSignals(new Trending(Duration.ofHours(6), 1000),
        new CoVisitation(Duration.ofMinutes(30), 5, 10, Duration.ofDays(3)), Duration.ofSeconds(1),
        item -> true, queued::add);
  }

  private static List<String> ids(List<ScoredItem> items) {
    return items.stream().map(ScoredItem::itemId).toList();
  }
}
