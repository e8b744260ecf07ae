package io.persona.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void aRollbackPromotesTheNewestRetiredVersion() {
    assertEquals("v2", DashboardSnapshots.rollbackTarget(List.of(
        model("v1", ModelStatus.RETIRED, T.minusSeconds(600)),
        model("v2", ModelStatus.RETIRED, T.minusSeconds(60)),
        model("v3", ModelStatus.CHAMPION, T.minusSeconds(60)),
        model("v4", ModelStatus.REJECTED, T))).orElseThrow());
    assertTrue(DashboardSnapshots.rollbackTarget(List.of(model("v3", ModelStatus.CHAMPION, T))).isEmpty());
  }
}
