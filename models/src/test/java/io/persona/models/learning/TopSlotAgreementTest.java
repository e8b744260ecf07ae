package io.persona.models.learning;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopSlotAgreementTest {
  private final List<TrainingExample> log = new ArrayList<>();

  /** 500 slates of 3 items; the top item's logged propensity varies, its click rate is 30%. */
  TopSlotAgreementTest() {
    SplittableRandom random = new SplittableRandom(3);
    for (int s = 0; s < 500; s++) {
      double topPropensity = 0.2 + 0.7 * random.nextDouble();
      for (int p = 0; p < 3; p++) {
        int label = p == 0 ? (random.nextDouble() < 0.3 ? 1 : 0) : random.nextInt(2);
        log.add(example("r" + s, "i" + p, p, label, p == 0 ? topPropensity : 0.1));
      }
    }
  }

  private static TrainingExample example(String requestId, String itemId, int position, int label, double propensity) {
    return new TrainingExample(requestId, "u", itemId, Instant.EPOCH, position, "ann", label, 1, true, propensity,
        0.5, 0.5, "v1", "champion", "fp", new float[0], new long[0]);
  }

  /** A candidate that scores by {@code position → score}. */
  private double[] scores(double... byPosition) {
    return log.stream().mapToDouble(e -> byPosition[e.position()]).toArray();
  }

  @Test
  void aCandidateThatAgreesWithTheLoggerGetsTheRewardsWeightedByInversePropensity() {
    TopSlotAgreement.Estimate estimate = TopSlotAgreement.estimate(log, scores(3, 2, 1));

    double weighted = 0;
    double weights = 0;
    double rewards = 0;
    for (TrainingExample e : log) {
      if (e.position() == 0) {
        weighted += e.label() / e.propensity();
        weights += 1 / e.propensity();
        rewards += e.label();
      }
    }
    assertEquals(500, estimate.slates());
    assertEquals(rewards / 500, estimate.loggedValue(), 1e-12);
    assertEquals(weighted / 500, estimate.ips().value(), 1e-12);
    assertEquals(weighted / weights, estimate.snips().value(), 1e-12);
    assertEquals(estimate.loggedValue(), estimate.snips().value(), 0.05, "SNIPS of the logger's own choice ≈ its value");
    assertTrue(estimate.ips().effectiveSampleSize() > 0 && estimate.ips().effectiveSampleSize() <= 500);
  }

  @Test
  void aCandidateThatNeverAgreesIsWorthNothingToTheLog() {
    TopSlotAgreement.Estimate estimate = TopSlotAgreement.estimate(log, scores(1, 2, 3));

    assertEquals(0.0, estimate.ips().value());
    assertEquals(0.0, estimate.ips().effectiveSampleSize());
    assertTrue(Double.isNaN(estimate.snips().value()), "no weight at all: SNIPS is undefined");
  }

  @Test
  void aTieForTheTopSharesTheProbability() {
    List<TrainingExample> one = List.of(example("r", "a", 0, 1, 0.5), example("r", "b", 1, 0, 0.5),
        example("r", "c", 2, 0, 0.5));
    TopSlotAgreement.Estimate estimate = TopSlotAgreement.estimate(one, new double[] {0.9, 0.9, 0.1});
    assertEquals(1.0, estimate.ips().value(), 1e-12, "target 1/2 over logging 1/2 times reward 1");
  }

  @Test
  void slatesAreGroupedByRequestIdWhateverTheRowOrder() {
    List<TrainingExample> mixed = List.of(example("r1", "b", 1, 0, 0.5), example("r2", "a", 0, 0, 0.25),
        example("r1", "a", 0, 1, 0.5), example("r2", "b", 1, 1, 0.5));
    TopSlotAgreement.Estimate estimate = TopSlotAgreement.estimate(mixed, new double[] {0.1, 0.9, 0.8, 0.2});
    assertEquals(2, estimate.slates());
    assertEquals(0.5, estimate.loggedValue());
    assertEquals((1 / 0.5 + 0) / 2, estimate.ips().value(), 1e-12);
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TopSlotAgreement.estimate(log, new double[3]));
    double[] nan = scores(3, 2, 1);
    nan[4] = Double.NaN;
    assertThrows(IllegalArgumentException.class, () -> TopSlotAgreement.estimate(log, nan));
    assertThrows(IllegalArgumentException.class,
        () -> TopSlotAgreement.estimate(List.of(example("r", "b", 1, 0, 0.5)), new double[] {1}));
  }
}
