package io.persona.models.learning;

import io.persona.models.evaluation.Evaluation;
import io.persona.models.evaluation.ModelEvaluation;
import io.persona.models.features.LabeledExamples;
import io.persona.models.metrics.PairedAuc;
import io.persona.models.metrics.PairedLogLoss;
import io.persona.models.ranking.Scores;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether a retrained model replaces the serving one, from both measured on the same
 * held-out examples. A challenger must be measured on enough data and be no worse than the
 * champion, within margins, on ranking (AUC of the uncalibrated scores, judged on the lower
 * confidence bound of the paired DeLong difference), on probabilities (log-loss of the calibrated
 * ones, judged on the upper bound of a paired bootstrap of the difference) and on calibration (ECE
 * after calibration, equal-count bins). It does not have to be better: retraining exists to
 * follow drift, and a model as good on today's data is the one trained on it. But "as good" must
 * be shown, not merely not refuted: with few positives the bound is wide and the champion stays.
 * Every check is evaluated and reported, not just the first failing one.
 */
public final class PromotionGate {
  private final GateSettings settings;

  public PromotionGate(GateSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Both models measured on the same rows, the paired comparisons, and the decision. */
  public record Verdict(Evaluation challenger, Evaluation champion, PairedAuc auc, PairedLogLoss logLoss,
                        Decision decision) {}

  /**
   * Measures both models on the same held-out rows from their scores of those rows and decides:
   * the one path from scores to a decision, for the trainer and for the gate benchmark alike.
   */
  public Verdict review(Scores challenger, Scores champion, LabeledExamples rows) {
    int[] labels = rows.labels();
    Evaluation challengerEval = ModelEvaluation.evaluate(challenger, rows);
    Evaluation championEval = ModelEvaluation.evaluate(champion, rows);
    // paired: both models' scores of the very same rows; AUC of the ranking scores, log-loss of the probabilities
    PairedAuc auc = PairedAuc.of(challenger.corrected(), champion.corrected(), labels);
    PairedLogLoss logLoss = PairedLogLoss.of(challenger.calibrated(), champion.calibrated(), labels);
    return new Verdict(challengerEval, championEval, auc, logLoss, decide(championEval, challengerEval, auc, logLoss));
  }

  /**
   * @param champion the serving model's evaluation, or null when nothing serves yet: then only the
   *                 amount of data is checked
   * @param auc      both models' AUCs on the same rows with the paired standard error; null only
   *                 when there is no champion
   * @param logLoss  both models' log-losses on the same rows with the paired bootstrap; null only
   *                 when there is no champion
   */
  public Decision decide(Evaluation champion, Evaluation challenger, PairedAuc auc, PairedLogLoss logLoss) {
    Objects.requireNonNull(challenger, "challenger");
    List<String> reasons = new ArrayList<>();
    boolean promote = enough("examples", challenger.examples(), settings.minExamples(), reasons);
    promote &= enough("positives", challenger.positives(), settings.minPositives(), reasons);
    if (champion == null) {
      reasons.add("no champion to compare with");
      return new Decision(promote, reasons);
    }
    promote &= compareAuc(Objects.requireNonNull(auc, "auc"), reasons);
    promote &= compareLogLoss(Objects.requireNonNull(logLoss, "logLoss"), reasons);
    promote &= compare("ece (equal-count bins)", "%.4f", challenger.eceEqualCount(), champion.eceEqualCount(),
        settings.eceMargin(), reasons);
    return new Decision(promote, reasons);
  }

  private static boolean enough(String what, long count, long minimum, List<String> reasons) {
    boolean ok = count >= minimum;
    reasons.add(String.format(Locale.ROOT, "%s %d (minimum %d): %s", what, count, minimum, ok ? "ok" : "too few"));
    return ok;
  }

  /** Checks that the lower confidence bound of (challenger − champion) is at least −margin. */
  private boolean compareAuc(PairedAuc auc, List<String> reasons) {
    double bound = auc.lowerBound(settings.aucZ());
    boolean measured = !Double.isNaN(auc.challenger()) && !Double.isNaN(auc.champion());
    boolean ok = measured && bound >= -settings.aucMargin();
    reasons.add(String.format(Locale.ROOT,
        "auc %.3f vs champion %.3f, difference %+.3f (standard error %.3f, %.0f%% lower bound %+.3f, margin %.3f): %s",
        auc.challenger(), auc.champion(), auc.difference(), auc.standardError(), 100 * settings.aucConfidence(), bound,
        settings.aucMargin(), measured ? (ok ? "ok" : "worse") : "not measured"));
    return ok;
  }

  /** Checks that the upper confidence bound of (challenger − champion) log-loss is at most the margin. */
  private boolean compareLogLoss(PairedLogLoss logLoss, List<String> reasons) {
    boolean measured = !Double.isNaN(logLoss.challenger()) && !Double.isNaN(logLoss.champion());
    double bound = measured ? logLoss.upperBound(settings.logLossConfidence()) : Double.NaN;
    boolean ok = measured && bound <= settings.logLossMargin();
    reasons.add(String.format(Locale.ROOT,
        "logloss %.4f vs champion %.4f, difference %+.4f (%d paired resamples, %.0f%% upper bound %+.4f, margin %.4f): %s",
        logLoss.challenger(), logLoss.champion(), logLoss.difference(), logLoss.resamples(),
        100 * settings.logLossConfidence(), bound, settings.logLossMargin(),
        measured ? (ok ? "ok" : "worse") : "not measured"));
    return ok;
  }

  /** Checks challenger ≤ champion + margin, for a metric where lower is better. */
  private static boolean compare(String metric, String format, double challenger, double champion, double margin,
                                 List<String> reasons) {
    String verdict;
    boolean ok;
    if (Double.isNaN(challenger) || Double.isNaN(champion)) {
      // e.g. AUC with no positives: an unmeasured metric cannot vouch for the challenger.
      ok = false;
      verdict = "not measured";
    } else {
      ok = challenger <= champion + margin;
      verdict = ok ? "ok" : "worse";
    }
    reasons.add(String.format(Locale.ROOT, "%s " + format + " vs champion " + format + " (margin " + format + "): %s",
        metric, challenger, champion, margin, verdict));
    return ok;
  }
}
