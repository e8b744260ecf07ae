package io.persona.simulations.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FreshnessTrackerTest {

  @Test
  void aClickIsFreshWhenTheFirstModelTrainedPastItServes() {
    Map<String, Long> firstServed = Map.of("popularity", 0L, "v-1", 60_000L, "v-2", 120_000L);
    Map<String, ModelInfo> models = Map.of(
        "v-1", new ModelInfo("v-1", "dcn-v2", "retired", 50_000L),
        "v-2", new ModelInfo("v-2", "dcn-v2", "champion", 110_000L));
    // 10 s: v-1 (data to 50 s) serves at 60 s; 55 s and 100 s: v-2 serves at 120 s; 115 s: none yet
    Freshness freshness = FreshnessTracker.measure(new long[] {10_000, 55_000, 100_000, 115_000}, firstServed, models);
    assertTrue(freshness.available());
    assertEquals(4, freshness.clicks());
    assertEquals(3, freshness.count());
    assertEquals(50.0, freshness.p50Seconds()); // waits 50, 65, 20 s
  }

  @Test
  void withoutDataToFreshnessIsNotAvailable() {
    Freshness freshness = FreshnessTracker.measure(new long[] {1, 2}, Map.of("v-1", 5L),
        Map.of("v-1", new ModelInfo("v-1", "dcn-v2", "champion", -1)));
    assertFalse(freshness.available());
    assertNull(freshness.p50Seconds());
    assertEquals(0, freshness.count());
  }

  @Test
  void aNodeWithoutTheModelsEndpointLeavesItUnknown() {
    FreshnessTracker tracker = new FreshnessTracker();
    tracker.served("popularity-1", 10);
    tracker.clicked(20);
    Freshness freshness = tracker.measure(Map.of(), false, "GET /v1/models answered 404");
    assertFalse(freshness.available());
    assertEquals(1, freshness.clicks());
    assertTrue(freshness.note().startsWith("n/a"));
  }
}
