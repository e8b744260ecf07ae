package io.persona.models.learning;

import io.persona.models.metrics.LoggedDecision;
import io.persona.models.metrics.OffPolicyEstimate;
import io.persona.models.metrics.OffPolicyEstimators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How often a candidate ranker's top item would have been engaged with, estimated from held-out
 * logged slates before the candidate serves any traffic: an off-policy estimate in form (IPS and
 * SNIPS over the logged top slot) that in practice mostly measures <b>agreement with the logging
 * policy</b>, hence the name. The candidate is credited only where its top choice among the shown
 * items is the item the champion put first; with the champion's top item logged at a propensity
 * near 1 (exploration replaces about one slot in ten), the estimate is the reward of the slates on which
 * the two agree, and a candidate that would rank better elsewhere is not seen doing so. It is
 * reported beside the gate's metrics, never decided on.
 *
 * <p>Each slate is one logged decision: the item the serving policy put at position 0, with the
 * propensity logged for it, and reward = its label. The candidate "takes" that decision with
 * probability 1/t when the item is among the t items tied for the candidate's highest score in
 * the slate, else 0; no reward model is used (pure IPS and SNIPS, see {@link OffPolicyEstimators}).
 *
 * <p>An approximation, knowingly: the candidate may only choose among the items the logged slate
 * shows, because the full eligible candidate set of each request is not logged. A candidate that
 * would have put some unshown item first is credited with its best shown item instead, so the
 * estimate says how well it orders what the logger showed, not what it would have retrieved.
 * Position 0 alone is valued (a top-1 policy); lower positions' rewards are ignored.
 */
public final class TopSlotAgreement {
  private TopSlotAgreement() {}

  /**
   * @param slates      logged slates with a position-0 impression (others are skipped)
   * @param loggedValue mean reward of the logged position-0 items: what the logging policy earned
   * @param ips         inverse-propensity estimate of the candidate's value
   * @param snips       self-normalised estimate (NaN when the candidate never agrees with the log)
   */
  public record Estimate(long slates, double loggedValue, OffPolicyEstimate ips, OffPolicyEstimate snips) {}

  /**
   * @param heldOut      impressions of held-out slates, all of a slate's impressions present (the
   *                     join never downsamples held-out slates)
   * @param targetScores the candidate's score of each impression, aligned with {@code heldOut}
   * @throws IllegalArgumentException if the lengths differ, a score is not finite, or no slate has
   *     a position-0 impression
   */
  public static Estimate estimate(List<TrainingExample> heldOut, double[] targetScores) {
    if (heldOut.size() != targetScores.length) {
      throw new IllegalArgumentException(heldOut.size() + " examples but " + targetScores.length + " scores");
    }
    Map<String, List<Integer>> bySlate = new LinkedHashMap<>();
    for (int i = 0; i < heldOut.size(); i++) {
      if (!Double.isFinite(targetScores[i])) {
        throw new IllegalArgumentException("score " + i + " is not finite: " + targetScores[i]);
      }
      bySlate.computeIfAbsent(heldOut.get(i).requestId(), id -> new ArrayList<>()).add(i);
    }
    List<LoggedDecision> decisions = new ArrayList<>();
    double rewards = 0;
    for (List<Integer> rows : bySlate.values()) {
      Integer logged = null;
      double best = Double.NEGATIVE_INFINITY;
      for (int row : rows) {
        if (heldOut.get(row).position() == 0 && logged == null) {
          logged = row;
        }
        best = Math.max(best, targetScores[row]);
      }
      if (logged == null) {
        continue;
      }
      int tied = 0;
      for (int row : rows) {
        tied += targetScores[row] == best ? 1 : 0;
      }
      TrainingExample top = heldOut.get(logged);
      double target = targetScores[logged] == best ? 1.0 / tied : 0.0;
      decisions.add(new LoggedDecision(top.label(), top.propensity(), target, 0, 0));
      rewards += top.label();
    }
    if (decisions.isEmpty()) {
      throw new IllegalArgumentException("no slate has a position-0 impression to evaluate");
    }
    return new Estimate(decisions.size(), rewards / decisions.size(), OffPolicyEstimators.ips(decisions),
        OffPolicyEstimators.snips(decisions));
  }
}
