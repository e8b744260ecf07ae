package io.persona.models.metrics;

/**
 * One logged recommendation, as off-policy estimators need it: what the logging policy did, how
 * likely it was to do it, and how likely the policy under evaluation would have been to do the
 * same. Propensities must be logged at decision time; they cannot be reconstructed afterwards.
 *
 * @param reward observed reward of the logged action (e.g. 1 for a click)
 * @param loggingPropensity probability the logging policy chose the logged action, in (0, 1]. It
 *     must be positive: an action the logger could not take cannot have been logged
 * @param targetPropensity probability the evaluated policy chooses that same action, in [0, 1]
 * @param rewardEstimate a reward model's estimate q̂(x, a_logged) for the logged action
 * @param rewardEstimateUnderTarget Σ_a π_target(a | x) · q̂(x, a): the model's expected reward of
 *     the evaluated policy in this context
 */
public record LoggedDecision(
    double reward,
    double loggingPropensity,
    double targetPropensity,
    double rewardEstimate,
    double rewardEstimateUnderTarget) {

  public LoggedDecision {
    requireFinite(reward, "reward");
    if (!(loggingPropensity > 0.0 && loggingPropensity <= 1.0)) {
      throw new IllegalArgumentException(
          "loggingPropensity must be in (0, 1], got " + loggingPropensity);
    }
    BinaryInputs.requireProbability(targetPropensity, "targetPropensity");
    requireFinite(rewardEstimate, "rewardEstimate");
    requireFinite(rewardEstimateUnderTarget, "rewardEstimateUnderTarget");
  }

  /** The importance weight w = π_target(a | x) / π_logging(a | x). */
  public double importanceWeight() {
    return targetPropensity / loggingPropensity;
  }

  private static void requireFinite(double value, String name) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, got " + value);
    }
  }
}
