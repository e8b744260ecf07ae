package io.persona.actors.metrics;

import io.persona.models.artifact.ModelMetadata;
import kamon.Kamon;
import kamon.metric.Metric;
import kamon.tag.TagSet;

/**
 * Which model each serving variant scores with: {@code persona_model_serving{variant, version, kind}}
 * is 1 for the model in service and 0 for the ones it replaced. A replaced model is set to 0
 * rather than removed because the Prometheus reporter keeps the last value of every series it has
 * seen: a removed series would go on saying 1.
 */
public final class ModelMetrics {
  private static final Metric.Gauge SERVING = Kamon.gauge("persona.model.serving",
      "1 for the model a serving variant (champion, challenger) scores with now, 0 for models it replaced");
  private static final Metric.Counter INSTALLED = Kamon.counter("persona.model.installed",
      "Models installed into a serving variant on this node (hot swaps, plus the one it started with)");

  private ModelMetrics() {}

  /** {@code variant} now serves {@code current}; {@code replaced} (may be null) no longer does. */
  public static void installed(String variant, ModelMetadata current, ModelMetadata replaced) {
    Quietly.run(() -> {
      if (replaced != null && !replaced.version().equals(current.version())) {
        SERVING.withTags(tags(variant, replaced)).update(0);
      }
      SERVING.withTags(tags(variant, current)).update(1);
      INSTALLED.withTag("variant", variant).increment();
    });
  }

  /** {@code variant} stopped serving {@code model} and serves nothing in its place (a challenger removed). */
  public static void retired(String variant, ModelMetadata model) {
    Quietly.run(() -> SERVING.withTags(tags(variant, model)).update(0));
  }

  private static TagSet tags(String variant, ModelMetadata model) {
    return TagSet.builder().add("variant", variant).add("version", model.version()).add("kind", model.kind()).build();
  }
}
