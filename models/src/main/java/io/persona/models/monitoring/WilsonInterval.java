package io.persona.models.monitoring;

/**
 * A confidence interval for a rate (click-through, error, positive share) from a count of
 * successes in trials, by Wilson's score method. Unlike rate ± z·√(rate(1 − rate)/n) it stays
 * inside [0, 1] and does not shrink to a point at 0 of n or n of n, so a small bucket with no
 * clicks reads as "rate up to x", not as "rate exactly 0".
 *
 * @param rate successes / trials; NaN when there were no trials
 * @param low  lower bound, in [0, 1]
 * @param high upper bound, in [0, 1]
 */
public record WilsonInterval(double rate, double low, double high) {

  /**
   * @param z standard normal quantile of the confidence level (1.96 for 95%)
   * @return with no trials, rate NaN and the whole [0, 1]: nothing was observed
   */
  public static WilsonInterval of(long successes, long trials, double z) {
    if (trials < 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException("need 0 ≤ successes ≤ trials, got " + successes + " of " + trials);
    }
    if (!(z > 0) || !Double.isFinite(z)) {
      throw new IllegalArgumentException("z must be positive and finite, was " + z);
    }
    if (trials == 0) {
      return new WilsonInterval(Double.NaN, 0, 1);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    // At 0 (or all) successes the bound is exactly 0 (or 1); rounding must not say otherwise.
    double low = successes == 0 ? 0 : Math.max(0, centre - half);
    double high = successes == trials ? 1 : Math.min(1, centre + half);
    return new WilsonInterval(p, low, high);
  }
}
