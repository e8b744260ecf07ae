package io.persona.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
  private static final double EPS = 1e-12;

  @Test
  void aucCountsATieAsHalfAPair() {
    double[] scores = {0.9, 0.8, 0.8, 0.6, 0.4, 0.3};
    int[] labels = {1, 1, 0, 0, 1, 0};
    // positives 0.9, 0.8, 0.4; negatives 0.8, 0.6, 0.3: 3 x 3 = 9 pairs
    //   0.9 beats 0.8, 0.6, 0.3                -> 3
    //   0.8 ties 0.8 (1/2), beats 0.6 and 0.3  -> 2.5
    //   0.4 loses to 0.8 and 0.6, beats 0.3    -> 1
    // AUC = 6.5 / 9
    assertEquals(6.5 / 9, BinaryMetrics.auc(scores, labels), EPS);
  }

  @Test
  void aucIsOneForAPerfectOrderingAndZeroForAReversedOne() {
    double[] scores = {0.1, 0.2, 0.3, 0.4};
    assertEquals(1.0, BinaryMetrics.auc(scores, new int[] {0, 0, 1, 1}), EPS);
    assertEquals(0.0, BinaryMetrics.auc(scores, new int[] {1, 1, 0, 0}), EPS);
  }

  @Test
  void aucIsOneHalfWhenEveryScoreIsTied() {
    // every one of the 2 x 3 pairs is a tie
    assertEquals(
        0.5,
        BinaryMetrics.auc(new double[] {0.7, 0.7, 0.7, 0.7, 0.7}, new int[] {1, 0, 1, 0, 0}),
        EPS);
  }

  @Test
  void aucDependsOnlyOnTheOrderOfScores() {
    double[] scores = {0.9, 0.8, 0.8, 0.6, 0.4, 0.3};
    double[] logits = {12.0, 3.0, 3.0, -1.0, -7.5, -40.0};
    int[] labels = {1, 1, 0, 0, 1, 0};
    assertEquals(BinaryMetrics.auc(scores, labels), BinaryMetrics.auc(logits, labels), EPS);
  }

  @Test
  void aucMatchesPairCountingOnRandomData() {
    Random random = new Random(7);
    int n = 300;
    double[] scores = new double[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      scores[i] = random.nextInt(20) / 20.0; // coarse scores, so plenty of ties
      labels[i] = random.nextDouble() < 0.2 + 0.6 * scores[i] ? 1 : 0;
    }
    double pairs = 0;
    double wins = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (labels[i] == 1 && labels[j] == 0) {
          pairs++;
          wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
        }
      }
    }
    assertEquals(wins / pairs, BinaryMetrics.auc(scores, labels), 1e-12);
  }

  @Test
  void aucIsNaNWhenOnlyOneClassIsPresent() {
    assertTrue(Double.isNaN(BinaryMetrics.auc(new double[] {0.1, 0.9}, new int[] {1, 1})));
    assertTrue(Double.isNaN(BinaryMetrics.auc(new double[] {0.1, 0.9}, new int[] {0, 0})));
  }

  @Test
  void logLossIsTheMeanNegativeLogLikelihood() {
    // -(ln 0.9 + ln(1 - 0.2) + ln(1 - 0.6) + ln 0.5) / 4
    //   = (0.1053605 + 0.2231436 + 0.9162907 + 0.6931472) / 4 = 0.4844855
    double[] p = {0.9, 0.2, 0.6, 0.5};
    int[] y = {1, 0, 0, 1};
    assertEquals(0.484485494851534, BinaryMetrics.logLoss(p, y), 1e-12);
  }

  @Test
  void logLossClipsCertainMistakesToAFiniteCost() {
    // p = 1 for a negative costs -ln(1e-7) = 16.118; p = 0 for a negative costs ~1e-7
    assertEquals(16.11809565095832, BinaryMetrics.logLoss(new double[] {1.0}, new int[] {0}), 1e-6);
    assertEquals(1e-7, BinaryMetrics.logLoss(new double[] {0.0}, new int[] {0}), 1e-12);
  }

  @Test
  void normalizedEntropyDividesByTheBaseRateEntropy() {
    // base rate 2/4 = 0.5: entropy ln 2; NE = 0.4844855 / 0.6931472 = 0.6989648
    assertEquals(
        0.6989648208049436,
        BinaryMetrics.normalizedEntropy(new double[] {0.9, 0.2, 0.6, 0.5}, new int[] {1, 0, 0, 1}),
        1e-12);
    // base rate 1/4: entropy -(0.25 ln 0.25 + 0.75 ln 0.75) = 0.5623351
    // log loss -(ln 0.9 + ln 0.8 + ln 0.7 + ln 0.9) / 4 = 0.1976349; NE = 0.3514539
    assertEquals(
        0.35145390348334005,
        BinaryMetrics.normalizedEntropy(new double[] {0.1, 0.2, 0.7, 0.1}, new int[] {0, 0, 1, 0}),
        1e-12);
  }

  @Test
  void normalizedEntropyIsOneForTheConstantBaseRatePrediction() {
    double[] p = {0.25, 0.25, 0.25, 0.25};
    assertEquals(1.0, BinaryMetrics.normalizedEntropy(p, new int[] {0, 1, 0, 0}), 1e-12);
  }

  @Test
  void normalizedEntropyIsNaNWhenTheBaseRateIsZeroOrOne() {
    assertTrue(
        Double.isNaN(BinaryMetrics.normalizedEntropy(new double[] {0.1, 0.2}, new int[] {0, 0})));
    assertTrue(
        Double.isNaN(BinaryMetrics.normalizedEntropy(new double[] {0.1, 0.2}, new int[] {1, 1})));
  }

  @Test
  void rejectsBadInput() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryMetrics.auc(new double[] {0.1, 0.2}, new int[] {1}));
    assertThrows(
        IllegalArgumentException.class, () -> BinaryMetrics.auc(new double[0], new int[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryMetrics.auc(new double[] {Double.NaN, 0.2}, new int[] {1, 0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryMetrics.auc(new double[] {0.1, 0.2}, new int[] {1, 2}));
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryMetrics.logLoss(new double[] {1.5}, new int[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryMetrics.logLoss(new double[] {-0.1}, new int[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryMetrics.logLoss(new double[] {Double.NaN}, new int[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryMetrics.logLoss(new double[] {0.5}, new int[] {-1}));
    assertThrows(
        IllegalArgumentException.class, () -> BinaryMetrics.normalizedEntropy(null, new int[] {1}));
  }

  @Test
  void rejectionMessagesSayWhatIsWrong() {
    IllegalArgumentException lengths =
        assertThrows(
            IllegalArgumentException.class,
            () -> BinaryMetrics.logLoss(new double[] {0.1, 0.2}, new int[] {1}));
    assertTrue(lengths.getMessage().contains("2 vs 1"), lengths.getMessage());
    IllegalArgumentException range =
        assertThrows(
            IllegalArgumentException.class,
            () -> BinaryMetrics.logLoss(new double[] {0.1, 1.5}, new int[] {1, 0}));
    assertTrue(range.getMessage().contains("index 1"), range.getMessage());
  }
}
