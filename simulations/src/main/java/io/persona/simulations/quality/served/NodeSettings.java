package io.persona.simulations.quality.served;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the node under test runs with besides its defaults: only what an operator importing this
 * history would set, each with its reason, so the results say exactly how the node was configured.
 *
 * @param overrides PERSONA_... variable to value
 * @param reasons   the same variables to why they are set
 */
record NodeSettings(Map<String, String> overrides, Map<String, String> reasons) {
  NodeSettings {
    overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides)); // in the order they were set
    reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
  }

  /** The settings for a history spanning {@code span}. */
  static NodeSettings forHistory(ServedOptions options) {
    Map<String, String> overrides = new LinkedHashMap<>();
    Map<String, String> reasons = new LinkedHashMap<>();
    // A history older than the node's horizon is kept for a horizon after it arrives
    // (persona.learning.history.backfill-reach), so the horizon is the node's unless given.
    putGiven(overrides, reasons, "PERSONA_LEARNING_HISTORY_HORIZON", options.horizon());
    // The node's own cadence otherwise: it learns an import about 10 s after it settles
    // (persona.learning.catch-up), as it would for any operator.
    putGiven(overrides, reasons, "PERSONA_LEARNING_HISTORY_RETRAIN_INTERVAL", options.historyRetrainInterval());
    putGiven(overrides, reasons, "PERSONA_LEARNING_HISTORY_MODEL_POLL", options.historyModelPoll());
    putGiven(overrides, reasons, "PERSONA_LEARNING_EMBEDDINGS_INTERVAL", options.embeddingsInterval());
    options.nodeSettings().forEach((name, value) -> putGiven(overrides, reasons, name, value));
    return new NodeSettings(overrides, reasons);
  }

  private static void putGiven(Map<String, String> overrides, Map<String, String> reasons, String name,
                               String value) {
    if (value != null) {
      put(overrides, reasons, name, value, "given on the benchmark's command line");
    }
  }

  private static void put(Map<String, String> overrides, Map<String, String> reasons, String name, String value,
                          String why) {
    overrides.put(name, value);
    reasons.put(name, why);
  }
}
