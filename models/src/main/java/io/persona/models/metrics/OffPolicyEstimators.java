package io.persona.models.metrics;

import java.util.List;

/**
 * Estimates how a new recommendation policy would have performed from logs of the current one, by
 * reweighting each logged reward by w = π_target / π_logging. This lets a candidate ranker be
 * compared offline before it gets any traffic.
 *
 * <ul>
 *   <li>IPS is unbiased but its variance grows with the weights.
 *   <li>SNIPS divides by Σ w instead of n: slightly biased, much less variance, and invariant to
 *       adding a constant to rewards (Swaminathan &amp; Joachims 2015, "The Self-Normalized
 *       Estimator for Counterfactual Learning").
 *   <li>Doubly robust starts from a reward model's prediction for the target policy and uses the
 *       weights only to correct the model's error on the logged action: unbiased if either the
 *       propensities or the reward model are right, and low-variance when the model is good (Dudík,
 *       Langford &amp; Li 2011, "Doubly Robust Policy Evaluation and Learning").
 * </ul>
 */
public final class OffPolicyEstimators {
  private OffPolicyEstimators() {}

  /** Inverse propensity scoring: mean of w_i · r_i. */
  public static OffPolicyEstimate ips(List<LoggedDecision> log) {
    requireNonEmpty(log);
    double sum = 0.0;
    for (LoggedDecision d : log) {
      sum += d.importanceWeight() * d.reward();
    }
    return new OffPolicyEstimate(sum / log.size(), weightsEffectiveSampleSize(log));
  }

  /**
   * Self-normalized IPS: Σ w_i · r_i / Σ w_i. NaN when Σ w = 0, i.e. the target policy never takes
   * any of the logged actions and the log says nothing about it.
   */
  public static OffPolicyEstimate snips(List<LoggedDecision> log) {
    requireNonEmpty(log);
    double weightedRewards = 0.0;
    double weights = 0.0;
    for (LoggedDecision d : log) {
      double w = d.importanceWeight();
      weightedRewards += w * d.reward();
      weights += w;
    }
    double value = weights == 0.0 ? Double.NaN : weightedRewards / weights;
    return new OffPolicyEstimate(value, weightsEffectiveSampleSize(log));
  }

  /** Doubly robust: mean of q̂_target_i + w_i · (r_i − q̂_i). */
  public static OffPolicyEstimate doublyRobust(List<LoggedDecision> log) {
    requireNonEmpty(log);
    double sum = 0.0;
    for (LoggedDecision d : log) {
      sum +=
          d.rewardEstimateUnderTarget() + d.importanceWeight() * (d.reward() - d.rewardEstimate());
    }
    return new OffPolicyEstimate(sum / log.size(), weightsEffectiveSampleSize(log));
  }

  /** (Σ w)² / Σ w², or 0 when every weight is 0. */
  public static double effectiveSampleSize(List<LoggedDecision> log) {
    requireNonEmpty(log);
    return weightsEffectiveSampleSize(log);
  }

  private static double weightsEffectiveSampleSize(List<LoggedDecision> log) {
    double sum = 0.0;
    double sumOfSquares = 0.0;
    for (LoggedDecision d : log) {
      double w = d.importanceWeight();
      sum += w;
      sumOfSquares += w * w;
    }
    return sumOfSquares == 0.0 ? 0.0 : sum * sum / sumOfSquares;
  }

  private static void requireNonEmpty(List<LoggedDecision> log) {
    if (log == null || log.isEmpty()) {
      throw new IllegalArgumentException("the log of decisions must not be empty");
    }
    int index = 0;
    for (LoggedDecision d : log) {
      if (d == null) {
        throw new IllegalArgumentException("logged decision at index " + index + " is null");
      }
      index++;
    }
  }
}
