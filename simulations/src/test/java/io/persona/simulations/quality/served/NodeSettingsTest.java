package io.persona.simulations.quality.served;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

  @Test
  void byDefaultTheNodeRunsWithItsOwnSettings() {
    NodeSettings settings = NodeSettings.forHistory(ServedOptions.parse());
    assertEquals(List.of(), List.copyOf(settings.overrides().keySet()),
        "the node's own horizon and learning cadence unless the command line sets one");
  }

  @Test
  void settingsGivenOnTheCommandLineAreRecordedInTheOrderSetAndEachSaysWhy() {
    NodeSettings settings = NodeSettings.forHistory(ServedOptions.parse("--embeddings-interval", "5m",
        "--history-retrain-interval", "2m", "--horizon", "400 days"));
    assertEquals("5m", settings.overrides().get("PERSONA_LEARNING_EMBEDDINGS_INTERVAL"));
    assertEquals("2m", settings.overrides().get("PERSONA_LEARNING_HISTORY_RETRAIN_INTERVAL"));
    assertEquals("400 days", settings.overrides().get("PERSONA_LEARNING_HISTORY_HORIZON"));
    assertEquals(List.of("PERSONA_LEARNING_HISTORY_HORIZON", "PERSONA_LEARNING_HISTORY_RETRAIN_INTERVAL",
        "PERSONA_LEARNING_EMBEDDINGS_INTERVAL"), List.copyOf(settings.overrides().keySet()));
    assertEquals(settings.overrides().keySet(), settings.reasons().keySet());
  }

  @Test
  void otherSettingsAreRecordedAndOnlyPersonaVariablesAreTaken() {
    NodeSettings settings = NodeSettings.forHistory(ServedOptions.parse("--set",
        "PERSONA_RECOMMEND_MAX_PER_CATEGORY=0; PERSONA_RECOMMEND_EXPLORATION_SHARE=0.05"));
    assertEquals(List.of("PERSONA_RECOMMEND_MAX_PER_CATEGORY", "PERSONA_RECOMMEND_EXPLORATION_SHARE"),
        List.copyOf(settings.overrides().keySet()));
    assertEquals("0.05", settings.overrides().get("PERSONA_RECOMMEND_EXPLORATION_SHARE"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ServedOptions.parse("--set", "JAVA_HOME=/tmp"));
  }

  @Test
  void askAfterAndLiveIngestAreParsed() {
    ServedOptions options = ServedOptions.parse("--ask-after", "60s", "--ingest", "live");
    assertEquals(Duration.ofSeconds(60), options.askAfter());
    assertEquals(ServedOptions.INGEST_LIVE, options.ingest());
    assertNull(ServedOptions.parse().askAfter(), "by default the benchmark waits for training");
  }
}
