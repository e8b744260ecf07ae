package io.persona.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.persistence.registry.ModelStatus;
import io.persona.persistence.registry.RegisteredModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardSnapshotsTest {
  private static final Instant T = Instant.parse("2026-12-05T10:00:00Z");

  private static RegisteredModel model(String version, ModelStatus status, Instant changedAt) {
    return new RegisteredModel(version, "dcn", T, status, null, T, T, 10, Map.of(), Map.of(), "", 1, changedAt);
  }

  @Test
  void theAbTestIsEachVariantsCtrWithItsWilsonInterval() {
    List<Map<String, Object>> variants = DashboardSnapshots.abTest(Map.of(
        "variant.champion.impressions", 10_000L, "variant.champion.positives", 300L,
        "variant.challenger.impressions", 1_000L, "variant.challenger.positives", 40L,
        "examples_written", 123L));
    assertEquals(List.of("challenger", "champion"), variants.stream().map(v -> v.get("variant")).toList());
    Map<String, Object> champion = variants.get(1);
    assertEquals(0.03, (double) champion.get("ctr"), 1e-12);
    // Wilson 95 % for 300 of 10,000: center 0.0301805, half-width 0.0033477
    assertEquals(0.0268328, (double) champion.get("ctrLow"), 1e-6);
    assertEquals(0.0335282, (double) champion.get("ctrHigh"), 1e-6);
    Map<String, Object> challenger = variants.get(0);
    assertTrue((double) challenger.get("ctrHigh") - (double) challenger.get("ctrLow")
        > (double) champion.get("ctrHigh") - (double) champion.get("ctrLow"), "fewer impressions, a wider interval");
  }

  @Test
  void aVariantWithoutImpressionsHasNoCtr() {
    List<Map<String, Object>> variants = DashboardSnapshots.abTest(Map.of("variant.challenger.impressions", 0L));
    assertFalse(variants.get(0).containsKey("ctr"));
  }

  @Test
  void aRollbackPromotesTheNewestRetiredVersion() {
    assertEquals("v2", DashboardSnapshots.rollbackTarget(List.of(
        model("v1", ModelStatus.RETIRED, T.minusSeconds(600)),
        model("v2", ModelStatus.RETIRED, T.minusSeconds(60)),
        model("v3", ModelStatus.CHAMPION, T.minusSeconds(60)),
        model("v4", ModelStatus.REJECTED, T))).orElseThrow());
    assertTrue(DashboardSnapshots.rollbackTarget(List.of(model("v3", ModelStatus.CHAMPION, T))).isEmpty());
  }
}
