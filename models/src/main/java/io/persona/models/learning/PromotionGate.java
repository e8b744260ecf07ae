package io.persona.models.learning;

import io.persona.models.evaluation.Evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether a retrained model replaces the serving one, from both measured on the same
 * held-out examples. A challenger must be measured on enough data and be no worse than the
 * champion, within margins, on ranking (AUC of the uncalibrated scores), on probabilities
 * (log-loss of the calibrated ones) and on calibration (ECE after calibration). It does not have
 * to be better: retraining exists to follow drift, and a model as good on today's data is the
 * one trained on it. Every check is evaluated and reported, not just the first failing one.
 */
public final class PromotionGate {
  private final GateSettings settings;

  public PromotionGate(GateSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * @param champion the serving model's evaluation, or null when nothing serves yet: then only the
   *                 amount of data is checked
   */
  public Decision decide(Evaluation champion, Evaluation challenger) {
    Objects.requireNonNull(challenger, "challenger");
    List<String> reasons = new ArrayList<>();
    boolean promote = enough("examples", challenger.examples(), settings.minExamples(), reasons);
    promote &= enough("positives", challenger.positives(), settings.minPositives(), reasons);
    if (champion == null) {
      reasons.add("no champion to compare with");
      return new Decision(promote, reasons);
    }
    promote &= compare("auc", "%.3f", challenger.auc(), champion.auc(), settings.aucMargin(), true, reasons);
    promote &= compare("logloss", "%.3f", challenger.logLoss(), champion.logLoss(), settings.logLossMargin(), false,
        reasons);
    promote &= compare("ece", "%.4f", challenger.eceAfterCalibration(), champion.eceAfterCalibration(),
        settings.eceMargin(), false, reasons);
    return new Decision(promote, reasons);
  }

  private static boolean enough(String what, long count, long minimum, List<String> reasons) {
    boolean ok = count >= minimum;
    reasons.add(String.format(Locale.ROOT, "%s %d (minimum %d): %s", what, count, minimum, ok ? "ok" : "too few"));
    return ok;
  }

  /** Checks challenger ≥ champion − margin (higher is better) or ≤ champion + margin (lower is better). */
  private static boolean compare(String metric, String format, double challenger, double champion, double margin,
                                 boolean higherIsBetter, List<String> reasons) {
    String verdict;
    boolean ok;
    if (Double.isNaN(challenger) || Double.isNaN(champion)) {
      // e.g. AUC with no positives: an unmeasured metric cannot vouch for the challenger.
      ok = false;
      verdict = "not measured";
    } else {
      ok = higherIsBetter ? challenger >= champion - margin : challenger <= champion + margin;
      verdict = ok ? "ok" : "worse";
    }
    reasons.add(String.format(Locale.ROOT, "%s " + format + " vs champion " + format + " (margin " + format + "): %s",
        metric, challenger, champion, margin, verdict));
    return ok;
  }
}
