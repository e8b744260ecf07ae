package io.persona.streams.learning;

import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.learning.TrainingExample;
import io.persona.models.learning.TrainingExamples;
import io.persona.models.monitoring.PopulationStability;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Scores;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loop's health, measured on each training cycle's data:
 * <ul>
 *   <li><b>skew</b>: held-out rows are scored again from their logged vectors by the model that
 *   served them (the one serving now, or a recent one loaded from the registry); a raw score that
 *   differs from the logged one, or a vector logged under another feature definition
 *   (fingerprint), is a mismatch. Rows of a model no longer to be had (a node's popularity
 *   fallback) are not checked. Training reads only logged vectors, so a
 *   mismatch means serving scored something other than what it logged.</li>
 *   <li><b>drift</b>: population stability index of every dense feature, newest held-out rows
 *   against the rows the challenger trains on, each weighted as it was sampled (1/w).</li>
 *   <li><b>calibration</b>: the serving model's mean probability of the newest held-out rows, each
 *   at the slot it was shown in, against their observed rate (never downsampled, so the rate is the
 *   true one).</li>
 * </ul>
 * A drift or calibration gap beyond its threshold asks for a training cycle now.
 */
public final class TrainingMonitors {
  /** Counter names are micro-units for the fractional gauges (the offset table stores whole numbers). */
  public static final String STREAM = "monitors";
  private static final int PSI_BINS = 10;
  private static final double SCORE_TOLERANCE = 1e-4;

  private final FeatureSpec spec;
  private final double psiThreshold;
  private final double calibrationThreshold;
  private final int minRows;

  public TrainingMonitors(FeatureSpec spec, double psiThreshold, double calibrationThreshold, int minRows) {
    this.spec = spec;
    this.psiThreshold = psiThreshold;
    this.calibrationThreshold = calibrationThreshold;
    this.minRows = minRows;
  }

  /**
   * @param maxPsi        the largest PSI over dense features, and {@code driftedFeature} the one
   * @param predictedCtr  mean calibrated score of the newest held-out rows; {@code observedCtr} their rate
   */
  public record Report(long skewChecked, long skewMismatched, long skewUnchecked, double maxPsi,
                       String driftedFeature, double predictedCtr, double observedCtr, long rows, boolean retrainNow) {

    public double skewMismatchRate() {
      return skewChecked == 0 ? 0 : skewMismatched / (double) skewChecked;
    }

    /** Share of the held-out rows the skew monitor re-scored (or found under another fingerprint). */
    public double skewCoverage() {
      long all = skewChecked + skewUnchecked;
      return all == 0 ? 0 : skewChecked / (double) all;
    }

    public Map<String, Long> asCounters() {
      Map<String, Long> counters = new LinkedHashMap<>();
      counters.put("skew_checked", skewChecked);
      counters.put("skew_mismatched", skewMismatched);
      counters.put("skew_unchecked", skewUnchecked);
      counters.put("psi_max_micros", Math.round(maxPsi * 1e6));
      counters.put("predicted_ctr_micros", Math.round(predictedCtr * 1e6));
      counters.put("observed_ctr_micros", Math.round(observedCtr * 1e6));
      counters.put("rows", rows);
      counters.put("retrain_requested", retrainNow ? 1L : 0L);
      return counters;
    }
  }

  /**
   * @param serving the model serving now
   * @param loggedModels the models of logged versions other than the serving one, where they can
   *                     be loaded: each held-out row is re-scored by the model that served it
   */
  public Report measure(Collection<TrainingExample> trainingWindow, List<TrainingExample> newestHeldOut,
                        Ranker serving, LoggedRankers loggedModels) {
    long checked = 0;
    long mismatched = 0;
    long unchecked = 0;
    Map<String, List<TrainingExample>> byVersion = new LinkedHashMap<>();
    for (TrainingExample row : newestHeldOut) {
      if (!row.featureFingerprint().equals(spec.fingerprint())) {
        checked++;
        mismatched++;
      } else {
        byVersion.computeIfAbsent(row.modelVersion(), v -> new ArrayList<>()).add(row);
      }
    }
    for (Map.Entry<String, List<TrainingExample>> served : byVersion.entrySet()) {
      List<TrainingExample> rows = served.getValue();
      FeatureBatch logged = TrainingExamples.toLabeled(rows, spec).features();
      Optional<Scores> rescored = served.getKey().equals(serving.metadata().version())
          ? Optional.of(serving.score(logged))
          : loggedModels.with(served.getKey(), ranker -> ranker.score(logged));
      if (rescored.isEmpty()) {
        unchecked += rows.size(); // served by a model no longer to be had (a node's popularity fallback)
        continue;
      }
      Scores again = rescored.get();
      for (int i = 0; i < rows.size(); i++) {
        checked++;
        if (Math.abs(again.raw()[i] - rows.get(i).rawScore()) > SCORE_TOLERANCE) {
          mismatched++;
        }
      }
    }

    double maxPsi = 0;
    String drifted = "";
    List<TrainingExample> reference = List.copyOf(trainingWindow);
    if (reference.size() >= minRows && newestHeldOut.size() >= minRows) {
      List<String> columns = spec.denseColumns();
      // training rows are a sample (negatives kept at w, weighing 1/w), held-out rows are not:
      // weighted, the reference stands for the traffic it was drawn from
      double[] weights = new double[reference.size()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = reference.get(i).weight() > 0 ? reference.get(i).weight() : 1;
      }
      for (int c = 0; c < columns.size(); c++) {
        double psi = PopulationStability.psi(column(reference, c), weights, column(newestHeldOut, c), PSI_BINS);
        if (psi > maxPsi) {
          maxPsi = psi;
          drifted = columns.get(c);
        }
      }
    }

    // The serving model's probability of each row at the slot it was shown in, against the rate:
    // the logged probability is the one at the request's slot, where every candidate was scored.
    List<TrainingExample> comparable = newestHeldOut.stream()
        .filter(row -> row.featureFingerprint().equals(spec.fingerprint())).toList();
    double predicted = comparable.isEmpty() ? 0
        : Arrays.stream(serving.score(TrainingExamples.asShown(comparable, spec).features()).calibrated()).sum();
    double observed = 0;
    for (TrainingExample row : comparable) {
      observed += row.label();
    }
    int n = comparable.size();
    predicted = n == 0 ? 0 : predicted / n;
    observed = n == 0 ? 0 : observed / n;
    boolean calibrationGap = n >= minRows && predicted > 0
        && Math.abs(observed / predicted - 1) > calibrationThreshold;
    boolean retrain = maxPsi > psiThreshold || calibrationGap;
    return new Report(checked, mismatched, unchecked, maxPsi, drifted, predicted, observed, n, retrain);
  }

  private static double[] column(List<TrainingExample> rows, int c) {
    double[] values = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      values[i] = rows.get(i).dense()[c];
    }
    return values;
  }
}
