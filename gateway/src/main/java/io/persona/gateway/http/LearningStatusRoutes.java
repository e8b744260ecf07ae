package io.persona.gateway.http;

import io.persona.models.monitoring.WilsonInterval;
import io.persona.persistence.learning.StreamOffset;
import io.persona.persistence.learning.StreamOffsetRepository;
import io.persona.streams.learning.ChallengerTrainer;
import io.persona.streams.learning.EmbeddingRetrainer;
import io.persona.streams.learning.ExampleJoiner;
import io.persona.streams.learning.TrainingMonitors;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@code GET /v1/admin/learning}: how far the example join and the trainer have come (their stored
 * offsets and counters: examples, late, duplicate and out-of-order outcomes, cycles, promotions),
 * the item-embedding retrainer's last published run (offset: the end of the interactions it read),
 * and the online CTR of each serving variant with a 95 % Wilson interval (the A/B comparison).
 */
public final class LearningStatusRoutes extends AllDirectives {
  private static final double Z95 = 1.959964;

  private final boolean enabled;
  private final StreamOffsetRepository offsets;
  private final Executor blocking;
  private final Duration retryAfter;

  /** @param enabled whether this cluster runs the learning loop at all */
  public LearningStatusRoutes(boolean enabled, StreamOffsetRepository offsets, Executor blocking,
                              Duration retryAfter) {
    this.enabled = enabled;
    this.offsets = offsets;
    this.blocking = blocking;
    this.retryAfter = retryAfter;
  }

  public Route route() {
    return path(PathMatchers.segment("admin").slash("learning"), () -> get(() -> completeWithFuture(status())));
  }

  private CompletionStage<HttpResponse> status() {
    return CompletableFuture.supplyAsync(() -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("enabled", enabled);
      StreamOffset join = offsets.load(ExampleJoiner.STREAM).orElse(null);
      StreamOffset trainer = offsets.load(ChallengerTrainer.STREAM).orElse(null);
      body.put("join", describe(join));
      body.put("trainer", describe(trainer));
      body.put("embeddings", describe(offsets.load(EmbeddingRetrainer.STREAM).orElse(null)));
      body.put("variants", variants(join));
      body.put("monitors", monitors(offsets.load(TrainingMonitors.STREAM).orElse(null)));
      return Responses.json(200, body);
    }, blocking).exceptionally(failure -> ServerFailures.answer(failure, "Learning status unavailable",
        "The learning loop's offsets could not be read now; retry later.", retryAfter));
  }

  private static Map<String, Object> describe(StreamOffset offset) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (offset == null) {
      out.put("started", false);
      return out;
    }
    out.put("started", true);
    out.put("offset", offset.offset());
    out.put("updatedAt", offset.updatedAt());
    Map<String, Long> counters = new TreeMap<>(offset.counters());
    counters.keySet().removeIf(name -> name.startsWith("variant."));
    out.put("counters", counters);
    return out;
  }

  /** The trainer's last measurements: skew mismatch rate, largest feature PSI, predicted vs observed CTR. */
  private static Map<String, Object> monitors(StreamOffset measured) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (measured == null) {
      return out;
    }
    Map<String, Long> c = measured.counters();
    long checked = c.getOrDefault("skew_checked", 0L);
    out.put("measuredAt", measured.updatedAt());
    out.put("rows", c.getOrDefault("rows", 0L));
    long unchecked = c.getOrDefault("skew_unchecked", 0L);
    out.put("skewChecked", checked);
    // rows of a model the monitor could not load (a node's popularity fallback) are not re-scored
    out.put("skewUnchecked", unchecked);
    out.put("skewCoverage", checked + unchecked == 0 ? 0.0 : checked / (double) (checked + unchecked));
    out.put("skewMismatchRate", checked == 0 ? 0.0 : c.getOrDefault("skew_mismatched", 0L) / (double) checked);
    out.put("maxFeaturePsi", c.getOrDefault("psi_max_micros", 0L) / 1e6);
    out.put("predictedCtr", c.getOrDefault("predicted_ctr_micros", 0L) / 1e6);
    out.put("observedCtr", c.getOrDefault("observed_ctr_micros", 0L) / 1e6);
    out.put("retrainRequested", c.getOrDefault("retrain_requested", 0L) == 1L);
    return out;
  }

  /**
   * Online CTR per variant: positives over impressions, counted by the join before downsampling,
   * with its Wilson 95 % interval (the dashboard shows the same).
   */
  public static Map<String, Object> variants(StreamOffset join) {
    Map<String, Object> variants = new TreeMap<>();
    if (join == null) {
      return variants;
    }
    ExampleJoiner.variantTotals(join.counters()).forEach((variant, n) -> {
      // positives are counted for every joined example, impressions only for the slates served in
      // the join's intervals: a late outcome of a variant no longer served can outnumber them
      WilsonInterval ctr = WilsonInterval.of(Math.min(n.positives(), n.impressions()), n.impressions(), Z95);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("impressions", n.impressions());
      row.put("positives", n.positives());
      row.put("ctr", ctr.rate());
      row.put("ctr95Low", ctr.low());
      row.put("ctr95High", ctr.high());
      variants.put(variant, row);
    });
    return variants;
  }
}
