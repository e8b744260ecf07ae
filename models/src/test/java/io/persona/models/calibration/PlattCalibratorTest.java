package io.persona.models.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PlattCalibratorTest {
  private static final double EPS = 1e-9;

  @Test
  void calibrateAppliesTheSigmoidInLogitSpace() {
    PlattCalibrator calibrator = new PlattCalibrator(2.0, -1.0);
    // logit(0.5) = 0: σ(−1) = 0.2689414
    assertEquals(0.2689414213699951, calibrator.calibrate(0.5), EPS);
    // logit(0.75) = ln 3: σ(2 ln 3 − 1) = σ(1.1972) = 0.7680307
    assertEquals(0.7680306833159262, calibrator.calibrate(0.75), EPS);
  }

  @Test
  void identityParametersLeaveProbabilitiesAloneExceptForClipping() {
    PlattCalibrator identity = new PlattCalibrator(1.0, 0.0);
    assertEquals(0.3, identity.calibrate(0.3), EPS);
    assertEquals(1e-7, identity.calibrate(0.0), 1e-15);
    assertEquals(1 - 1e-7, identity.calibrate(1.0), 1e-15);
  }

  @Test
  void fitsTwoSeparatedExamplesToThePlattTargetsExactly() {
    // one negative at 0.2, one positive at 0.8: targets t− = 1/(1+2) = 1/3, t+ = (1+1)/(1+2) = 2/3.
    // Two points, two parameters: the fit hits both targets. logit(0.8) = ln 4 = −logit(0.2), so
    //   σ(a ln 4 + b) = 2/3 and σ(−a ln 4 + b) = 1/3  =>  b = 0, a ln 4 = logit(2/3) = ln 2, a =
    // 1/2
    PlattCalibrator fitted = PlattCalibrator.fit(new double[] {0.2, 0.8}, new int[] {0, 1});
    assertEquals(0.5, fitted.a(), 1e-6);
    assertEquals(0.0, fitted.b(), 1e-6);
    assertEquals(2.0 / 3, fitted.calibrate(0.8), 1e-6);
  }

  @Test
  void withOnlyNegativesTheSmoothedTargetKeepsTheFitFinite() {
    // 8 negatives: t− = 1/(8+2) = 0.1 for all; the best fit is the constant σ(b) = 0.1 (a = 0)
    double[] scores = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7};
    PlattCalibrator fitted = PlattCalibrator.fit(scores, new int[8]);
    assertEquals(0.0, fitted.a(), 1e-6);
    for (double p : scores) {
      assertEquals(0.1, fitted.calibrate(p), 1e-6);
    }
  }

  @Test
  void anAntiCorrelatedFitFallsBackToTheBaseRateInsteadOfReversingTheRanking() {
    // unconstrained the fit would be a = −1/2 (the mirror of the separated example); a
    // calibrator must not reverse a ranking, so a = 0 and σ(b) = mean target = (1/3 + 2/3)/2
    PlattCalibrator fitted = PlattCalibrator.fit(new double[] {0.2, 0.8}, new int[] {1, 0});
    assertEquals(0.0, fitted.a(), 0.0);
    assertEquals(0.5, fitted.calibrate(0.2), 1e-9);
    assertEquals(0.5, fitted.calibrate(0.8), 1e-9);
  }

  @Test
  void recoversTheParametersOfAKnownLogisticModel() {
    // the model reports σ(x); the truth is σ(2x − 1): overconfident and too high
    Random random = new Random(5);
    int n = 20_000;
    double[] scores = new double[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      double x = 1.5 * random.nextGaussian();
      scores[i] = 1.0 / (1.0 + Math.exp(-x));
      labels[i] = random.nextDouble() < 1.0 / (1.0 + Math.exp(-(2.0 * x - 1.0))) ? 1 : 0;
    }
    PlattCalibrator fitted = PlattCalibrator.fit(scores, labels);
    assertEquals(2.0, fitted.a(), 0.1);
    assertEquals(-1.0, fitted.b(), 0.1);
  }

  @Test
  void fitOnCalibratedScoresIsCloseToTheIdentity() {
    Random random = new Random(6);
    int n = 20_000;
    double[] scores = new double[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      scores[i] = random.nextDouble();
      labels[i] = random.nextDouble() < scores[i] ? 1 : 0;
    }
    PlattCalibrator fitted = PlattCalibrator.fit(scores, labels);
    assertEquals(1.0, fitted.a(), 0.1);
    assertEquals(0.0, fitted.b(), 0.1);
  }

  @Test
  void rejectsInvalidParametersAndInputs() {
    assertThrows(IllegalArgumentException.class, () -> new PlattCalibrator(Double.NaN, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new PlattCalibrator(1, Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> new PlattCalibrator(-0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> new PlattCalibrator(1, 0).calibrate(-0.01));
    assertThrows(
        IllegalArgumentException.class, () -> new PlattCalibrator(1, 0).calibrate(Double.NaN));
    assertThrows(
        IllegalArgumentException.class, () -> PlattCalibrator.fit(new double[0], new int[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> PlattCalibrator.fit(new double[] {0.5}, new int[] {0, 1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> PlattCalibrator.fit(new double[] {2.0}, new int[] {1}));
  }
}
