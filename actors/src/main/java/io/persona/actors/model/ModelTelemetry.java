package io.persona.actors.model;

import io.persona.actors.telemetry.Quietly;
import io.persona.models.artifact.ModelMetadata;
import io.persona.models.ranking.PopularityRanker;
import kamon.Kamon;
import kamon.metric.Metric;
import kamon.tag.TagSet;

/**
 * Which model each serving variant scores with: {@code persona_model_serving{variant, version, kind}}
 * is 1 for the model in service and 0 for the ones it replaced on this node, and
 * {@code persona_model_created_timestamp_seconds{variant}} says when the one in service was made
 * (its age is what to alert on).
 *
 * <p>A replaced model is set to 0 rather than removed because the Prometheus reporter keeps the
 * last value of every series it has seen: a removed series would go on saying 1. For the same
 * reason the popularity ranker, rebuilt from live statistics every popularity-refresh (30 s) under a new
 * version name, is one series with version "popularity": a series per rebuild would never end.
 */
public final class ModelTelemetry {
  private static final Metric.Gauge SERVING = Kamon.gauge("persona.model.serving",
      "1 for the model a serving variant (champion, challenger) scores with now, 0 for models it replaced");
  private static final Metric.Gauge CREATED = Kamon.gauge("persona.model.created-timestamp-seconds",
      "When the model a serving variant scores with was created (Unix time, seconds)");
  private static final Metric.Counter INSTALLED = Kamon.counter("persona.model.installed",
      "Models installed into a serving variant on this node (hot swaps, popularity rebuilds, and the one it "
          + "started with)");

  private ModelTelemetry() {}

  /** {@code variant} now serves {@code current}; {@code replaced} (null at start) no longer does. */
  public static void installed(String variant, ModelMetadata current, ModelMetadata replaced) {
    Quietly.run(() -> {
      TagSet now = tags(variant, current);
      if (replaced != null && !tags(variant, replaced).equals(now)) {
        SERVING.withTags(tags(variant, replaced)).update(0);
      }
      SERVING.withTags(now).update(1);
      if (current.createdAt() != null) {
        CREATED.withTag("variant", variant).update(current.createdAt().getEpochSecond());
      }
      INSTALLED.withTag("variant", variant).increment();
    });
  }

  /** {@code variant} stopped serving {@code model} and serves nothing in its place (a challenger removed). */
  public static void retired(String variant, ModelMetadata model) {
    Quietly.run(() -> SERVING.withTags(tags(variant, model)).update(0));
  }

  private static TagSet tags(String variant, ModelMetadata model) {
    String version = PopularityRanker.KIND.equals(model.kind()) ? PopularityRanker.KIND : model.version();
    return TagSet.builder().add("variant", variant).add("version", version).add("kind", model.kind()).build();
  }
}
