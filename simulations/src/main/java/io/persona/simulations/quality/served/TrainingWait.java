package io.persona.simulations.quality.served;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Waits until the node has learned from an import before anyone is asked: the history model it
 * serves (GET /v1/admin/serving, {@code history.interactions}) counts every imported event that
 * teaches, and the item-embedding retrainer has published a run that read past the end of the
 * import (GET /v1/admin/learning, {@code embeddings.offset}) and the replica holds its embeddings.
 * Then, once the blend is measured, until the ranker the node trains from the history's hold-outs is
 * registered (promoted or rejected, GET /v1/models), or a few minutes passed (a history too small
 * trains none). On timeout the benchmark goes on and reports how far training got: a slow node is a
 * finding.
 */
final class TrainingWait {
  /**
   * Types that teach with the node's default weights (persona.learning.history.type-weights, and
   * ratings by persona.learning.history.rating): only these reach the interaction log.
   */
  static final Set<String> TEACHING_TYPES = Set.of("view", "click", "add_to_cart", "purchase", "rating");
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(30);
  /**
   * The node publishes a history model first and again once its blend is measured; a history too
   * small to measure keeps the defaults, so the wait for the measured one is bounded.
   */
  private static final Duration BLEND_WAIT = Duration.ofMinutes(3);
  /** The ranker from history follows the blend's measurement within a minute or two, or not at all. */
  private static final Duration RANKER_WAIT = Duration.ofMinutes(4);
  static final String HISTORY_RANKER_PREFIX = "history-ranker-";

  /**
   * What training the node had when the wait ended.
   *
   * @param embeddingRun  the last published embedding run (offset, counters), null if none
   * @param historyRanker the registry's entry of the newest ranker trained from history, null if none
   */
  /** @param blend the served history model's blend as the node reports it (shares, source settings) */
  record State(boolean historyReady, long historyInteractions, long expectedInteractions, String historyVersion,
               boolean embeddingsReady, JsonNode embeddingRun, long trainedEmbeddings, boolean rankerSettled,
               JsonNode historyRanker, double seconds, JsonNode blend) {
    boolean ready() {
      return historyReady && embeddingsReady && rankerSettled;
    }
  }

  private TrainingWait() {}

  /** The newest registered ranker trained from history (the registry lists the newest first), or null. */
  static JsonNode historyRanker(JsonNode registry) {
    for (JsonNode model : registry.path("models")) {
      if (model.path("version").asText().startsWith(HISTORY_RANKER_PREFIX)) {
        return model;
      }
    }
    return null;
  }

  /**
   * @param expected   imported events that teach
   * @param importedAt when the import's last request was answered (every event of it recorded)
   */
  static State await(NodeApi api, long expected, Instant importedAt, Duration within, PrintStream log)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    long lastReport = started;
    long historyTrainedAt = 0;
    long measuredAt = 0;
    while (true) {
      JsonNode serving = api.serving();
      JsonNode embeddings = api.learning().path("embeddings");
      long interactions = serving.path("history").path("interactions").asLong();
      long trained = serving.path("catalog").path("trainedEmbeddings").asLong();
      boolean measured = serving.path("history").path("blend").path("measured").asBoolean(false);
      if (measured && measuredAt == 0) {
        measuredAt = System.nanoTime();
      }
      JsonNode ranker = historyRanker(api.models());
      boolean rankerSettled = ranker != null || (measuredAt != 0 && System.nanoTime() - measuredAt > RANKER_WAIT.toNanos())
          || (historyTrainedAt != 0 && !measured && System.nanoTime() - historyTrainedAt > BLEND_WAIT.toNanos());
      if (interactions >= expected && historyTrainedAt == 0) {
        historyTrainedAt = System.nanoTime();
      }
      boolean historyReady = interactions >= expected
          && (measured || System.nanoTime() - historyTrainedAt > BLEND_WAIT.toNanos());
      boolean runAfterImport = embeddings.path("started").asBoolean(false)
          && !Instant.parse(embeddings.path("offset").asText()).isBefore(importedAt);
      boolean embeddingsReady = runAfterImport && trained >= embeddings.path("counters").path("items").asLong();
      double seconds = (System.nanoTime() - started) / 1e9;
      State state = new State(historyReady, interactions, expected, serving.path("history").path("version").asText(),
          embeddingsReady, embeddings.path("started").asBoolean(false) ? embeddings : null, trained, rankerSettled,
          ranker, seconds, serving.path("history").path("blend"));
      if (state.ready() || System.nanoTime() - started > within.toNanos()) {
        log.printf("  training %s after %.0f s: history model %s on %,d of %,d interactions, blend %s; "
            + "embedding run %s; ranker from history %s%n", state.ready() ? "caught up" : "NOT caught up", seconds,
            state.historyVersion(), interactions, expected, measured ? "measured (sources "
                + serving.path("history").path("blend").path("sources") + ")" : "NOT measured (defaults)",
            state.embeddingRun() == null ? "none" : embeddings.path("offset").asText() + " "
                + embeddings.path("counters"),
            ranker == null ? "none" : ranker.path("version").asText() + " " + ranker.path("status").asText() + ": "
                + ranker.path("reason").asText());
        return state;
      }
      if (System.nanoTime() - lastReport > REPORT_EVERY.toNanos()) {
        log.printf("  waiting for training (%.0f s): history %,d of %,d, embeddings %s%n", seconds, interactions,
            expected, runAfterImport ? "published, replica has " + trained : "no run after the import yet");
        lastReport = System.nanoTime();
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
