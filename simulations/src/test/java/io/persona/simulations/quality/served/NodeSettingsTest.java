package io.persona.simulations.quality.served;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {
  private final ServedOptions defaults = ServedOptions.parse();

  @Test
  void theHorizonCoversTheWholeHistoryWithAMarginAndEveryOverrideSaysWhy() {
    NodeSettings settings = NodeSettings.forHistory(Duration.ofDays(373).plusHours(4), defaults);

    assertEquals("404 days", settings.overrides().get("PERSONA_LEARNING_HISTORY_HORIZON"),
        "374 days begun, plus " + NodeSettings.HORIZON_MARGIN_DAYS);
    assertTrue(settings.reasons().get("PERSONA_LEARNING_HISTORY_HORIZON").contains("last 90 days"));
    assertEquals(settings.overrides().keySet(), settings.reasons().keySet());
    assertEquals(List.of("PERSONA_LEARNING_HISTORY_HORIZON"), List.copyOf(settings.overrides().keySet()),
        "the node's own learning cadence unless the command line sets one");
  }

  @Test
  void intervalsGivenOnTheCommandLineAreRecordedInTheOrderSet() {
    NodeSettings settings = NodeSettings.forHistory(Duration.ofDays(10),
        ServedOptions.parse("--embeddings-interval", "5m", "--history-retrain-interval", "2m"));
    assertEquals("5m", settings.overrides().get("PERSONA_LEARNING_EMBEDDINGS_INTERVAL"));
    assertEquals("2m", settings.overrides().get("PERSONA_LEARNING_HISTORY_RETRAIN_INTERVAL"));
    assertEquals("40 days", settings.overrides().get("PERSONA_LEARNING_HISTORY_HORIZON"));
    assertEquals(List.of("PERSONA_LEARNING_HISTORY_HORIZON", "PERSONA_LEARNING_HISTORY_RETRAIN_INTERVAL",
        "PERSONA_LEARNING_EMBEDDINGS_INTERVAL"), List.copyOf(settings.overrides().keySet()));
    assertEquals(settings.overrides().keySet(), settings.reasons().keySet());
  }
}
