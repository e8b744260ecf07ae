package io.persona.models.calibration;

import io.persona.models.metrics.BinaryInputs;

/**
 * Platt scaling in logit space: calibrate(p) = σ(a · logit(p) + b). Two parameters cannot overfit,
 * so it is the right choice for small calibration sets or when the miscalibration is a simple
 * over/under-confidence (a ≠ 1) or a shifted base rate (b ≠ 0); {@link IsotonicCalibrator} fits any
 * monotone shape but needs more data.
 *
 * @param a slope on the logit of the input; 1 with b = 0 is the identity
 * @param b intercept added in logit space
 */
public record PlattCalibrator(double a, double b) implements Calibrator {
  private static final double EPSILON = 1e-7;
  private static final int MAX_ITERATIONS = 100;
  private static final double GRADIENT_TOLERANCE = 1e-9;
  private static final double RIDGE = 1e-12;

  public PlattCalibrator {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      throw new IllegalArgumentException("a and b must be finite, got a=" + a + ", b=" + b);
    }
    if (a < 0) {
      // a negative slope would reverse the model's ranking
      throw new IllegalArgumentException("a must not be negative, got " + a);
    }
  }

  @Override
  public double calibrate(double p) {
    BinaryInputs.requireProbability(p, "p");
    return sigmoid(a * logit(p) + b);
  }

  /**
   * Fits a and b by minimizing log loss with Newton's method and a backtracking line search (Lin,
   * Lin &amp; Weng 2007, "A note on Platt's probabilistic outputs for support vector machines").
   * Targets are Platt's smoothed labels t⁺ = (N⁺ + 1) / (N⁺ + 2) and t⁻ = 1 / (N⁻ + 2) rather than
   * 1 and 0: they keep the optimum finite when the classes are separable or one class is missing,
   * and act as a mild prior towards less extreme outputs.
   *
   * <p>A fitted negative slope (scores anti-correlated with labels) is clamped to 0, giving the
   * constant base-rate calibrator, because a calibrator must not reverse the ranking.
   */
  public static PlattCalibrator fit(double[] scores, int[] labels) {
    BinaryInputs.requireProbabilities(scores, labels);
    int n = scores.length;
    long positives = 0;
    for (int label : labels) {
      positives += label;
    }
    long negatives = n - positives;
    double positiveTarget = (positives + 1.0) / (positives + 2.0);
    double negativeTarget = 1.0 / (negatives + 2.0);
    double[] x = new double[n];
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = logit(scores[i]);
      t[i] = labels[i] == 1 ? positiveTarget : negativeTarget;
    }

    // start from the constant base-rate model, as Platt does
    double a = 0.0;
    double b = Math.log((positives + 1.0) / (negatives + 1.0));
    double loss = loss(x, t, a, b);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double ga = 0.0;
      double gb = 0.0;
      double haa = RIDGE;
      double hab = 0.0;
      double hbb = RIDGE;
      for (int i = 0; i < n; i++) {
        double p = sigmoid(a * x[i] + b);
        double residual = p - t[i];
        double curvature = p * (1.0 - p);
        ga += residual * x[i];
        gb += residual;
        haa += curvature * x[i] * x[i];
        hab += curvature * x[i];
        hbb += curvature;
      }
      if (Math.abs(ga) / n < GRADIENT_TOLERANCE && Math.abs(gb) / n < GRADIENT_TOLERANCE) {
        break;
      }
      double det = haa * hbb - hab * hab;
      double da = -(hbb * ga - hab * gb) / det;
      double db = -(-hab * ga + haa * gb) / det;
      double slope = ga * da + gb * db; // directional derivative, negative for a descent step
      double step = 1.0;
      boolean improved = false;
      while (step >= 1e-10) {
        double nextA = a + step * da;
        double nextB = b + step * db;
        double nextLoss = loss(x, t, nextA, nextB);
        if (nextLoss <= loss + 1e-4 * step * slope) {
          a = nextA;
          b = nextB;
          loss = nextLoss;
          improved = true;
          break;
        }
        step /= 2.0;
      }
      if (!improved) {
        break; // at the optimum to within floating-point precision
      }
    }
    if (a < 0.0) {
      // with a = 0 the loss is minimized where σ(b) is the mean target
      double meanTarget = (positiveTarget * positives + negativeTarget * negatives) / n;
      return new PlattCalibrator(0.0, Math.log(meanTarget / (1.0 - meanTarget)));
    }
    return new PlattCalibrator(a, b);
  }

  /**
   * Cross-entropy of targets t against σ(a·x + b), summed; written to stay finite for large |z|.
   */
  private static double loss(double[] x, double[] t, double a, double b) {
    double sum = 0.0;
    for (int i = 0; i < x.length; i++) {
      double z = a * x[i] + b;
      // -[t log σ(z) + (1 - t) log(1 - σ(z))] = log(1 + e^z) - t z
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      sum += softplus - t[i] * z;
    }
    return sum;
  }

  private static double logit(double p) {
    double clipped = Math.min(Math.max(p, EPSILON), 1.0 - EPSILON);
    return Math.log(clipped / (1.0 - clipped));
  }

  private static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }
}
