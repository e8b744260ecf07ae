package io.persona.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OffPolicyEstimatorsTest {
  private static final double EPS = 1e-12;

  // reward, logging propensity, target propensity, q̂(logged), q̂ under target
  //   1: w = 0.25/0.5 = 0.5   w·r = 0.5   DR term 0.5 + 0.5·(1 − 0.6) =  0.7
  //   2: w = 0.5/0.25 = 2     w·r = 0     DR term 0.3 + 2·(0 − 0.2)   = −0.1
  //   3: w = 1.0/0.5  = 2     w·r = 2     DR term 0.4 + 2·(1 − 0.5)   =  1.4
  //   4: w = 0/0.8    = 0     w·r = 0     DR term 0.2 + 0             =  0.2
  // Σw = 4.5, Σw² = 0.25 + 4 + 4 + 0 = 8.25, Σw·r = 2.5, Σ DR terms = 2.2
  private static final List<LoggedDecision> LOG =
      List.of(
          new LoggedDecision(1.0, 0.5, 0.25, 0.6, 0.5),
          new LoggedDecision(0.0, 0.25, 0.5, 0.2, 0.3),
          new LoggedDecision(1.0, 0.5, 1.0, 0.5, 0.4),
          new LoggedDecision(0.0, 0.8, 0.0, 0.1, 0.2));

  @Test
  void ipsByHand() {
    OffPolicyEstimate estimate = OffPolicyEstimators.ips(LOG);
    assertEquals(2.5 / 4, estimate.value(), EPS);
    assertEquals(4.5 * 4.5 / 8.25, estimate.effectiveSampleSize(), EPS); // 2.4545
  }

  @Test
  void snipsByHand() {
    assertEquals(2.5 / 4.5, OffPolicyEstimators.snips(LOG).value(), EPS);
  }

  @Test
  void doublyRobustByHand() {
    assertEquals(2.2 / 4, OffPolicyEstimators.doublyRobust(LOG).value(), EPS);
  }

  @Test
  void onPolicyEveryEstimatorIsTheMeanRewardAndEverySampleCounts() {
    List<LoggedDecision> onPolicy =
        List.of(
            new LoggedDecision(1.0, 0.3, 0.3, 0.9, 0.1),
            new LoggedDecision(0.0, 0.6, 0.6, 0.4, 0.7),
            new LoggedDecision(1.0, 1.0, 1.0, 0.2, 0.2));
    // w = 1 everywhere; DR = mean(q̂π + r − q̂) = mean reward + (0.1 + 0.7 + 0.2 − 0.9 − 0.4 −
    // 0.2)/3
    assertEquals(2.0 / 3, OffPolicyEstimators.ips(onPolicy).value(), EPS);
    assertEquals(2.0 / 3, OffPolicyEstimators.snips(onPolicy).value(), EPS);
    assertEquals(2.0 / 3 - 0.5 / 3, OffPolicyEstimators.doublyRobust(onPolicy).value(), EPS);
    assertEquals(3.0, OffPolicyEstimators.effectiveSampleSize(onPolicy), EPS);
  }

  @Test
  void doublyRobustWithAPerfectRewardModelIsTheModelsValue() {
    // q̂ equals the observed reward, so the correction term vanishes whatever the weights
    List<LoggedDecision> log =
        List.of(
            new LoggedDecision(1.0, 0.1, 0.9, 1.0, 0.8),
            new LoggedDecision(0.0, 0.5, 0.2, 0.0, 0.3));
    assertEquals(0.55, OffPolicyEstimators.doublyRobust(log).value(), EPS);
  }

  @Test
  void snipsIsNaNAndEssZeroWhenTheTargetNeverTakesALoggedAction() {
    List<LoggedDecision> log = List.of(new LoggedDecision(1.0, 0.5, 0.0, 0.5, 0.5));
    assertTrue(Double.isNaN(OffPolicyEstimators.snips(log).value()));
    assertEquals(0.0, OffPolicyEstimators.ips(log).value(), EPS);
    assertEquals(0.0, OffPolicyEstimators.ips(log).effectiveSampleSize(), EPS);
  }

  @Test
  void estimatorsRecoverTheTargetPolicysValueFromUniformLogs() {
    // two actions with click rates 0.2 and 0.6; the logger picks uniformly (value 0.4), the
    // target picks action 1 with probability 0.9: true value 0.1·0.2 + 0.9·0.6 = 0.56.
    // The reward model is deliberately wrong (0.5 for both): DR must still be unbiased.
    double[] clickRate = {0.2, 0.6};
    double[] target = {0.1, 0.9};
    Random random = new Random(42);
    List<LoggedDecision> log = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      int action = random.nextInt(2);
      double reward = random.nextDouble() < clickRate[action] ? 1.0 : 0.0;
      log.add(new LoggedDecision(reward, 0.5, target[action], 0.5, 0.5));
    }
    // standard errors are below 0.003 at this n
    assertEquals(0.56, OffPolicyEstimators.ips(log).value(), 0.01);
    assertEquals(0.56, OffPolicyEstimators.snips(log).value(), 0.01);
    assertEquals(0.56, OffPolicyEstimators.doublyRobust(log).value(), 0.01);
    // weights 0.2 and 1.8 in equal shares: ESS / n = 1² / ((0.04 + 3.24) / 2) = 0.6098
    assertEquals(0.6098, OffPolicyEstimators.ips(log).effectiveSampleSize() / log.size(), 0.01);
  }

  @Test
  void rejectsInvalidDecisionsAndEmptyLogs() {
    assertThrows(IllegalArgumentException.class, () -> new LoggedDecision(1, 0.0, 0.5, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new LoggedDecision(1, 1.5, 0.5, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new LoggedDecision(1, 0.5, -0.1, 0, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new LoggedDecision(1, 0.5, Double.NaN, 0, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new LoggedDecision(Double.NaN, 0.5, 0.5, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LoggedDecision(1, 0.5, 0.5, Double.POSITIVE_INFINITY, 0));
    assertThrows(IllegalArgumentException.class, () -> OffPolicyEstimators.ips(List.of()));
    assertThrows(IllegalArgumentException.class, () -> OffPolicyEstimators.snips(null));
    assertThrows(IllegalArgumentException.class, () -> OffPolicyEstimators.doublyRobust(List.of()));
  }
}
