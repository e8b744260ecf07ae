package io.persona.models.learning;

import io.persona.models.evaluation.Evaluation;
import io.persona.models.metrics.PairedAuc;
import io.persona.models.metrics.PairedLogLoss;
import io.persona.models.metrics.ReliabilityTable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromotionGateTest {
  private static final PromotionGate GATE = new PromotionGate(new GateSettings(0.005, 0.01, 0.005, 1_000, 50));
  private static final Evaluation CHAMPION = evaluation(10_000, 500, 0.705, 0.200, 0.010);

  /** An evaluation whose equal-width ECE is far off the equal-count one the gate judges. */
  private static Evaluation evaluation(long examples, long positives, double auc, double logLoss, double ece) {
    return new Evaluation(examples, positives, 0.05, auc, logLoss, 0.9, 0.9, 0.05, 0.5,
        new ReliabilityTable(List.of(), ece));
  }

  /** The gate's decision on a challenger against CHAMPION, their AUCs and log-losses measured without sampling error. */
  private static Decision decide(PromotionGate gate, Evaluation challenger) {
    return gate.decide(CHAMPION, challenger, new PairedAuc(challenger.auc(), CHAMPION.auc(), 0.0),
        PairedLogLoss.ofPointValues(challenger.logLoss(), CHAMPION.logLoss()));
  }

  @Test
  void aChallengerAsGoodWithinTheMarginsIsPromotedWithAReasonPerCheck() {
    Decision d = decide(GATE, evaluation(10_000, 500, 0.712, 0.205, 0.012));

    assertTrue(d.promote(), d.reasons().toString());
    assertEquals(List.of(
        "examples 10000 (minimum 1000): ok",
        "positives 500 (minimum 50): ok",
        "auc 0.712 vs champion 0.705, difference +0.007 (standard error 0.000, 50% lower bound +0.007, margin 0.005): ok",
        "logloss 0.2050 vs champion 0.2000, difference +0.0050 (0 paired resamples, 50% upper bound +0.0050, "
            + "margin 0.0100): ok",
        "ece (equal-count bins) 0.0120 vs champion 0.0100 (margin 0.0050): ok"), d.reasons());
  }

  @Test
  void slightlyWorseWithinTheMarginsStillPasses() {
    assertTrue(decide(GATE, evaluation(10_000, 500, 0.7001, 0.2099, 0.0149)).promote());
  }

  @Test
  void eachMetricBeyondItsMarginBlocksPromotion() {
    Decision auc = decide(GATE, evaluation(10_000, 500, 0.699, 0.200, 0.010));
    assertFalse(auc.promote());
    assertTrue(auc.reasons().get(2).startsWith("auc 0.699 vs champion 0.705") && auc.reasons().get(2).endsWith(": worse"),
        auc.reasons().toString());

    Decision logLoss = decide(GATE, evaluation(10_000, 500, 0.705, 0.211, 0.010));
    assertFalse(logLoss.promote());
    assertTrue(logLoss.reasons().get(3).endsWith("worse"), logLoss.reasons().toString());

    Decision ece = decide(GATE, evaluation(10_000, 500, 0.705, 0.200, 0.016));
    assertFalse(ece.promote());
    assertTrue(ece.reasons().get(4).endsWith("worse"), ece.reasons().toString());
    assertEquals(5, ece.reasons().size(), "every check is reported, not just the first failure");
  }

  @Test
  void tooLittleDataBlocksPromotionHoweverGoodTheMetrics() {
    Decision fewExamples = decide(GATE, evaluation(999, 500, 0.9, 0.1, 0.0));
    assertFalse(fewExamples.promote());
    assertEquals("examples 999 (minimum 1000): too few", fewExamples.reasons().get(0));

    Decision fewPositives = decide(GATE, evaluation(10_000, 49, 0.9, 0.1, 0.0));
    assertFalse(fewPositives.promote());
    assertEquals("positives 49 (minimum 50): too few", fewPositives.reasons().get(1));
  }

  @Test
  void anUnmeasuredMetricBlocksPromotion() {
    Decision d = decide(GATE, evaluation(10_000, 500, Double.NaN, 0.2, 0.01));
    assertFalse(d.promote());
    assertTrue(d.reasons().get(2).endsWith("not measured"), d.reasons().toString());
  }

  @Test
  void withoutAChampionOnlyTheAmountOfDataCounts() {
    assertTrue(GATE.decide(null, evaluation(10_000, 500, 0.6, 0.5, 0.1), null, null).promote());
    assertFalse(GATE.decide(null, evaluation(10, 1, 0.6, 0.5, 0.1), null, null).promote());
  }

  @Test
  void aNegativeMarginDemandsAnImprovement() {
    PromotionGate strict = new PromotionGate(new GateSettings(-0.01, 0.01, 0.005, 0, 0));
    assertFalse(decide(strict, evaluation(10_000, 500, 0.710, 0.2, 0.01)).promote());
    assertTrue(decide(strict, evaluation(10_000, 500, 0.716, 0.2, 0.01)).promote());
  }

  @Test
  void theAucCheckJudgesTheLowerConfidenceBoundOfThePairedDifference() {
    Evaluation challenger = evaluation(10_000, 500, 0.705, 0.2, 0.01);
    PairedAuc sameButNoisy = new PairedAuc(0.705, 0.705, 0.02);
    PairedAuc sameAndPrecise = new PairedAuc(0.705, 0.705, 0.002);
    PromotionGate confident = new PromotionGate(new GateSettings(0.005, 0.01, 0.005, 0, 0, 0.95, 0.5));
    PairedLogLoss sameLogLoss = PairedLogLoss.ofPointValues(0.2, 0.2);

    Decision noisy = confident.decide(CHAMPION, challenger, sameButNoisy, sameLogLoss);
    assertFalse(noisy.promote(), "as good on average, but the data cannot tell it from 0.033 worse");
    assertEquals("auc 0.705 vs champion 0.705, difference +0.000 (standard error 0.020, 95% lower bound -0.033, "
        + "margin 0.005): worse", noisy.reasons().get(2));
    assertTrue(confident.decide(CHAMPION, challenger, sameAndPrecise, sameLogLoss).promote(),
        "bound -0.0033 within the margin");
    assertTrue(GATE.decide(CHAMPION, challenger, sameButNoisy, sameLogLoss).promote(),
        "confidence 0.5 compares point values");
  }

  @Test
  void theLogLossCheckJudgesTheUpperBoundOfThePairedBootstrap() {
    // The same mean log-loss, but the challenger is confidently wrong on 40 positives and just as
    // much better on 40 others: equal on average, a standard error of ~0.007 around it.
    int n = 2_000;
    int[] labels = new int[n];
    double[] champion = new double[n];
    double[] challenger = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10 == 0 ? 1 : 0;
      champion[i] = 0.1;
      challenger[i] = 0.1;
    }
    for (int i = 0; i < 40; i++) {
      challenger[10 * i] = 0.02; // costs ln(0.1 / 0.02) more
      challenger[10 * (i + 40)] = 0.5; // saves ln(0.5 / 0.1), the same
    }
    PairedLogLoss noisy = PairedLogLoss.of(challenger, champion, labels);
    Evaluation evaluated = evaluation(n, 200, 0.705, noisy.challenger(), 0.01);
    PairedAuc sameAuc = new PairedAuc(0.705, 0.705, 0.0);

    PromotionGate confident = new PromotionGate(new GateSettings(0.005, 0.002, 0.005, 0, 0, 0.5, 0.95));
    assertTrue(Math.abs(noisy.difference()) < 0.002, "as good on average: " + noisy.difference());
    Decision refused = confident.decide(CHAMPION, evaluated, sameAuc, noisy);
    assertFalse(refused.promote(), refused.reasons().toString());
    assertTrue(refused.reasons().get(3).contains("1000 paired resamples, 95% upper bound"), refused.reasons().get(3));
    assertTrue(GATE.decide(CHAMPION, evaluated, sameAuc, noisy).promote(), "confidence 0.5 compares point values");
  }

  @Test
  void settingsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new GateSettings(0, 0, 0, 0, 0, 1.0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new GateSettings(0, 0, 0, 0, 0, 0.4, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new GateSettings(0, 0, 0, 0, 0, 0.5, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new GateSettings(Double.NaN, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new GateSettings(0, 0, 0, -1, 0));
  }
}
