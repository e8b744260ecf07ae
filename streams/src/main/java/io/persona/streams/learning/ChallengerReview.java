package io.persona.streams.learning;

import io.persona.models.evaluation.Evaluation;
import io.persona.models.evaluation.ModelEvaluation;
import io.persona.models.metrics.PairedLogLoss;
import io.persona.models.features.FeatureSpec;
import io.persona.models.learning.Decision;
import io.persona.models.learning.PromotionGate;
import io.persona.models.learning.TopSlotAgreement;
import io.persona.models.learning.TrainingExample;
import io.persona.models.learning.TrainingExamples;
import io.persona.models.metrics.PairedAuc;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Scores;
import io.persona.models.features.LabeledExamples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a challenger and the champion on the same held-out slice (rows neither was trained or
 * calibrated on) and asks the promotion gate. Both are scored from the logged feature vectors, so
 * they are compared on exactly what serving saw.
 */
public final class ChallengerReview {
  private final FeatureSpec spec;
  private final PromotionGate gate;

  public ChallengerReview(FeatureSpec spec, PromotionGate gate) {
    this.spec = spec;
    this.gate = gate;
  }

  /** Both models' measurements and the gate's decision. */
  public record Review(Evaluation challenger, Evaluation champion, PairedAuc auc, PairedLogLoss logLoss,
                       TopSlotAgreement.Estimate challengerValue, TopSlotAgreement.Estimate championValue,
                       Decision decision) {

    /** Flat metrics for the registry: {@code challenger.auc}, {@code champion.ips}, ... */
    public Map<String, Double> asMetrics() {
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.putAll(challenger.asMetrics("challenger."));
      metrics.putAll(champion.asMetrics("champion."));
      put(metrics, "challenger.", challengerValue);
      put(metrics, "champion.", championValue);
      metrics.put("auc_difference_standard_error", auc.standardError());
      metrics.put("logloss_difference_standard_error", logLoss.standardError());
      metrics.put("promoted", decision.promote() ? 1.0 : 0.0);
      return metrics;
    }

    private static void put(Map<String, Double> metrics, String prefix, TopSlotAgreement.Estimate value) {
      metrics.put(prefix + "policy_slates", (double) value.slates());
      metrics.put(prefix + "logged_value", value.loggedValue());
      metrics.put(prefix + "ips", value.ips().value());
      metrics.put(prefix + "snips", value.snips().value());
    }
  }

  public Review review(Ranker challenger, Ranker champion, List<TrainingExample> heldOut) {
    // Ranking as serving ranks: every candidate scored at the request's slot, so a model is not
    // credited for knowing that the top slot gets more clicks (serving never uses that).
    LabeledExamples logged = TrainingExamples.toLabeled(heldOut, spec);
    Scores challengerServed = ModelEvaluation.score(challenger, logged);
    Scores championServed = ModelEvaluation.score(champion, logged);
    // Probabilities where the clicks happened: each row at the slot it was shown in.
    LabeledExamples shown = TrainingExamples.asShown(heldOut, spec);
    Scores challengerShown = ModelEvaluation.score(challenger, shown);
    Scores championShown = ModelEvaluation.score(champion, shown);
    // AUC reads the corrected scores, log-loss and ECE the calibrated ones
    PromotionGate.Verdict verdict = gate.review(judged(challengerServed, challengerShown),
        judged(championServed, championShown), logged);
    // each model picks its slate by its corrected score, as serving does (see SlateOrder)
    TopSlotAgreement.Estimate challengerValue = TopSlotAgreement.estimate(heldOut, challengerServed.corrected());
    TopSlotAgreement.Estimate championValue = TopSlotAgreement.estimate(heldOut, championServed.corrected());
    return new Review(verdict.challenger(), verdict.champion(), verdict.auc(), verdict.logLoss(), challengerValue,
        championValue, verdict.decision());
  }

  /** The ranking scores as served and the probabilities at the shown slot, for one model. */
  private static Scores judged(Scores served, Scores shown) {
    return new Scores(served.raw(), served.corrected(), shown.calibrated());
  }
}
