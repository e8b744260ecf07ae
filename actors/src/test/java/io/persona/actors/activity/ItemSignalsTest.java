package io.persona.actors.activity;

import io.persona.models.features.ItemStats;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.retrieval.CoVisitation;
import io.persona.models.retrieval.ScoredItem;
import io.persona.models.retrieval.Trending;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  private static List<String> ids(List<ScoredItem> items) {
    return items.stream().map(ScoredItem::itemId).toList();
  }
}
