package io.persona.models.learning;

import io.persona.models.evaluation.Evaluation;
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

  private static Evaluation evaluation(long examples, long positives, double auc, double logLoss, double ece) {
    return new Evaluation(examples, positives, 0.05, auc, logLoss, 0.9, 0.9, 0.05, ece,
        new ReliabilityTable(List.of(), ece));
  }

  @Test
  void aChallengerAsGoodWithinTheMarginsIsPromotedWithAReasonPerCheck() {
    Decision d = GATE.decide(CHAMPION, evaluation(10_000, 500, 0.712, 0.205, 0.012));

    assertTrue(d.promote(), d.reasons().toString());
    assertEquals(List.of(
        "examples 10000 (minimum 1000): ok",
        "positives 500 (minimum 50): ok",
        "auc 0.712 vs champion 0.705 (margin 0.005): ok",
        "logloss 0.205 vs champion 0.200 (margin 0.010): ok",
        "ece 0.0120 vs champion 0.0100 (margin 0.0050): ok"), d.reasons());
  }

  @Test
  void slightlyWorseWithinTheMarginsStillPasses() {
    assertTrue(GATE.decide(CHAMPION, evaluation(10_000, 500, 0.7001, 0.2099, 0.0149)).promote());
  }

  @Test
  void eachMetricBeyondItsMarginBlocksPromotion() {
    Decision auc = GATE.decide(CHAMPION, evaluation(10_000, 500, 0.699, 0.200, 0.010));
    assertFalse(auc.promote());
    assertTrue(auc.reasons().contains("auc 0.699 vs champion 0.705 (margin 0.005): worse"), auc.reasons().toString());

    Decision logLoss = GATE.decide(CHAMPION, evaluation(10_000, 500, 0.705, 0.211, 0.010));
    assertFalse(logLoss.promote());
    assertTrue(logLoss.reasons().get(3).endsWith("worse"), logLoss.reasons().toString());

    Decision ece = GATE.decide(CHAMPION, evaluation(10_000, 500, 0.705, 0.200, 0.016));
    assertFalse(ece.promote());
    assertTrue(ece.reasons().get(4).endsWith("worse"), ece.reasons().toString());
    assertEquals(5, ece.reasons().size(), "every check is reported, not just the first failure");
  }

  @Test
  void tooLittleDataBlocksPromotionHoweverGoodTheMetrics() {
    Decision fewExamples = GATE.decide(CHAMPION, evaluation(999, 500, 0.9, 0.1, 0.0));
    assertFalse(fewExamples.promote());
    assertEquals("examples 999 (minimum 1000): too few", fewExamples.reasons().get(0));

    Decision fewPositives = GATE.decide(CHAMPION, evaluation(10_000, 49, 0.9, 0.1, 0.0));
    assertFalse(fewPositives.promote());
    assertEquals("positives 49 (minimum 50): too few", fewPositives.reasons().get(1));
  }

  @Test
  void anUnmeasuredMetricBlocksPromotion() {
    Decision d = GATE.decide(CHAMPION, evaluation(10_000, 500, Double.NaN, 0.2, 0.01));
    assertFalse(d.promote());
    assertTrue(d.reasons().get(2).endsWith("not measured"), d.reasons().toString());
  }

  @Test
  void withoutAChampionOnlyTheAmountOfDataCounts() {
    assertTrue(GATE.decide(null, evaluation(10_000, 500, 0.6, 0.5, 0.1)).promote());
    assertFalse(GATE.decide(null, evaluation(10, 1, 0.6, 0.5, 0.1)).promote());
  }

  @Test
  void aNegativeMarginDemandsAnImprovement() {
    PromotionGate strict = new PromotionGate(new GateSettings(-0.01, 0.01, 0.005, 0, 0));
    assertFalse(strict.decide(CHAMPION, evaluation(10_000, 500, 0.710, 0.2, 0.01)).promote());
    assertTrue(strict.decide(CHAMPION, evaluation(10_000, 500, 0.716, 0.2, 0.01)).promote());
  }

  @Test
  void settingsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new GateSettings(Double.NaN, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new GateSettings(0, 0, 0, -1, 0));
  }
}
