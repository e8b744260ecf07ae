package io.persona.models.metrics;

/** The standard normal distribution's CDF and quantile, for confidence bounds. */
public final class StandardNormal {
  private StandardNormal() {}

  /**
   * Φ(x) through the complementary error function (Numerical Recipes' erfc Chebyshev fit,
   * relative error below 1.2e-7), ample for choosing a confidence bound.
   */
  public static double cdf(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2.0));
  }

  /** The x with Φ(x) = p, by bisection on {@link #cdf}: exact to the CDF's own precision. */
  public static double quantile(double p) {
    if (!(p > 0.0 && p < 1.0)) {
      throw new IllegalArgumentException("a probability strictly between 0 and 1 is needed: " + p);
    }
    double lo = -40.0;
    double hi = 40.0;
    for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
      double mid = (lo + hi) / 2;
      if (cdf(mid) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2.0 - r;
  }
}
