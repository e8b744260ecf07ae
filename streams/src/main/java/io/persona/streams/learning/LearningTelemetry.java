package io.persona.streams.learning;

import io.persona.actors.telemetry.Quietly;
import kamon.Kamon;
import kamon.metric.Metric;

import java.util.Locale;

/**
 * The learning loop's view of quality, on the node that runs the loop (a cluster singleton: other
 * nodes do not report these). Online CTR per serving variant comes from the example join's stored
 * totals; calibration, drift and skew from the monitors of each training cycle. Each gauge's series
 * is created by its first update, so a node that never ran the loop shows none rather than zeros.
 */
public final class LearningTelemetry {
  private static final Metric.Gauge ONLINE_CTR = Kamon.gauge("persona.learning.online-ctr",
      "Positives over impressions of a serving variant, counted by the example join before downsampling");
  private static final Metric.Gauge IMPRESSIONS = Kamon.gauge("persona.learning.impressions",
      "Impressions of a serving variant joined so far (the stored total, so it survives restarts)");
  private static final Metric.Gauge POSITIVES = Kamon.gauge("persona.learning.positives",
      "Positive outcomes of a serving variant joined so far (the stored total)");
  private static final Metric.Gauge PREDICTED_CTR = Kamon.gauge("persona.learning.predicted-ctr",
      "Mean calibrated score of the newest held-out rows (compare with observed-ctr)");
  private static final Metric.Gauge OBSERVED_CTR = Kamon.gauge("persona.learning.observed-ctr",
      "Observed positive rate of the newest held-out rows (never downsampled)");
  private static final Metric.Gauge MAX_FEATURE_PSI = Kamon.gauge("persona.learning.max-feature-psi",
      "Largest population stability index over dense features, newest held-out rows vs training rows "
          + "(0.1 some drift, 0.25 a large one)");
  private static final Metric.Gauge SKEW_MISMATCH = Kamon.gauge("persona.learning.skew-mismatch-rate",
      "Share of held-out rows whose logged score the serving model no longer reproduces from the logged "
          + "features (training/serving skew); should be 0");
  private static final Metric.Gauge MONITORED_ROWS = Kamon.gauge("persona.learning.monitored-rows",
      "Held-out rows the last calibration and drift measurement used");
  private static final Metric.Counter CYCLES = Kamon.counter("persona.learning.cycles",
      "Training cycles by the trained challenger's outcome (champion: promoted, challenger: waits for an "
          + "A/B promotion, rejected: lost the gate)");

  private LearningTelemetry() {}

  public static void variant(String variant, long impressions, long positives) {
    Quietly.run(() -> {
      IMPRESSIONS.withTag("variant", variant).update(impressions);
      POSITIVES.withTag("variant", variant).update(positives);
      ONLINE_CTR.withTag("variant", variant).update(impressions == 0 ? 0 : positives / (double) impressions);
    });
  }

  public static void monitored(double predictedCtr, double observedCtr, double maxFeaturePsi,
                               double skewMismatchRate, long rows) {
    Quietly.run(() -> {
      PREDICTED_CTR.withoutTags().update(predictedCtr);
      OBSERVED_CTR.withoutTags().update(observedCtr);
      MAX_FEATURE_PSI.withoutTags().update(maxFeaturePsi);
      SKEW_MISMATCH.withoutTags().update(skewMismatchRate);
      MONITORED_ROWS.withoutTags().update(rows);
    });
  }

  /** @param status the registry status the cycle's challenger got (e.g. "CHAMPION", "REJECTED") */
  public static void cycle(String status) {
    Quietly.run(() -> CYCLES.withTag("status", status.toLowerCase(Locale.ROOT)).increment());
  }
}
