package io.persona.actors.slate;

import io.persona.actors.telemetry.Quietly;
import kamon.Kamon;
import kamon.metric.Counter;

/**
 * Served slates on their way to the prediction log. offered = written + dropped + failed + still
 * pending; dropped and failed slates are training data lost, never a failed request.
 */
public final class SlateLogTelemetry {
  private static final Counter OFFERED = Kamon.counter("persona.prediction-log.offered",
      "Served slates offered to the prediction log").withoutTags();
  private static final Counter WRITTEN = Kamon.counter("persona.prediction-log.written",
      "Slates written to Cassandra's prediction_log").withoutTags();
  private static final Counter DROPPED = Kamon.counter("persona.prediction-log.dropped",
      "Slates dropped at offer: the write queue was full (Cassandra slower than serving) or closed").withoutTags();
  private static final Counter FAILED = Kamon.counter("persona.prediction-log.failed",
      "Slates lost because their batch still failed after every retry").withoutTags();

  private SlateLogTelemetry() {}

  public static void offered() {
    Quietly.run(OFFERED::increment);
  }

  public static void written(int slates) {
    Quietly.run(() -> WRITTEN.increment(slates));
  }

  public static void dropped() {
    Quietly.run(DROPPED::increment);
  }

  public static void failed(int slates) {
    Quietly.run(() -> FAILED.increment(slates));
  }
}
