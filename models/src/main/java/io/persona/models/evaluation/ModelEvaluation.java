package io.persona.models.evaluation;

import io.persona.models.metrics.BinaryMetrics;
import io.persona.models.metrics.ReliabilityTable;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Scores;
import io.persona.models.features.LabeledExamples;

/** Scores held-out examples with a ranker and computes the standard click-model metrics. */
public final class ModelEvaluation {
  /** Equal-width bins for ECE: the usual definition, comparable across reports. */
  public static final int ECE_BINS = 10;

  private ModelEvaluation() {}

  public static Evaluation evaluate(Ranker ranker, LabeledExamples examples) {
    return evaluate(score(ranker, examples), examples);
  }

  /** The metrics of scores already computed for these examples. */
  public static Evaluation evaluate(Scores scores, LabeledExamples examples) {
    int[] labels = examples.labels();
    return new Evaluation(
        examples.size(),
        examples.positives(),
        java.util.Arrays.stream(scores.calibrated()).average().orElse(Double.NaN),
        BinaryMetrics.auc(scores.corrected(), labels),
        BinaryMetrics.logLoss(scores.calibrated(), labels),
        BinaryMetrics.normalizedEntropy(scores.corrected(), labels),
        BinaryMetrics.normalizedEntropy(scores.calibrated(), labels),
        ReliabilityTable.of(scores.corrected(), labels, ECE_BINS).expectedCalibrationError(),
        ReliabilityTable.of(scores.calibrated(), labels, ECE_BINS).expectedCalibrationError(),
        ReliabilityTable.ofQuantiles(scores.calibrated(), labels, ECE_BINS));
  }

  /** Scores in chunks the size of a large request, as serving would. */
  public static Scores score(Ranker ranker, LabeledExamples examples) {
    int n = examples.size();
    double[] raw = new double[n];
    double[] corrected = new double[n];
    double[] calibrated = new double[n];
    int chunk = 2048;
    for (int from = 0; from < n; from += chunk) {
      int to = Math.min(n, from + chunk);
      Scores part = ranker.score(examples.features().slice(from, to));
      System.arraycopy(part.raw(), 0, raw, from, to - from);
      System.arraycopy(part.corrected(), 0, corrected, from, to - from);
      System.arraycopy(part.calibrated(), 0, calibrated, from, to - from);
    }
    return new Scores(raw, corrected, calibrated);
  }
}
