package io.persona.streams.learning;

import com.typesafe.config.ConfigFactory;
import io.persona.models.learning.ExampleJoin;
import io.persona.models.learning.TrainingExample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer's rows: disjoint held-out slices by age, a bounded replay, negatives thinned as the join's. */
class TrainingWindowTest {
  private static final LearningSettings SETTINGS = settings(4);

  /** A window of 40 held-out rows, half of them evaluating while they hold {@code minPositives} clicks. */
  private static LearningSettings settings(int minPositives) {
    return LearningSettings.fromConfig(ConfigFactory.parseString("""
        persona.learning.attribution.negative-rate = 0.5
        persona.learning.trainer { replay-examples = 30, holdout-examples = 40, eval-share = 0.5 }
        persona.learning.gate.min-positives = %d
        """.formatted(minPositives)).withFallback(ConfigFactory.defaultReference()).resolve());
  }

  private static TrainingExample row(int n, boolean holdout, int label) {
    double weight = label == 1 ? 1 : 2;
    return new TrainingExample("r" + n, "u", "i" + n, Instant.EPOCH.plusSeconds(n), 0, "ann", label, weight, holdout,
        0.5, 0.1, 0.1, "v1", "champion", "fp", new float[] {1}, new long[] {1});
  }

  private static List<String> ids(List<TrainingExample> rows) {
    return rows.stream().map(TrainingExample::requestId).toList();
  }

  @Test
  void theEvaluationGrowsIntoOlderRowsUntilItHoldsTheGatesPositivesAndNoFurtherThanItsCap() {
    // a click every 5th row: the newest 20 of 40 held-out rows (r10-r49) hold 4 clicks
    TrainingWindow six = new TrainingWindow(settings(6));
    IntStream.range(0, 50).forEach(n -> six.add(row(n, true, n % 5 == 0 ? 1 : 0)));
    assertEquals(IntStream.range(20, 50).mapToObj(n -> "r" + n).toList(), ids(six.evaluationSlice()),
        "grown to r20, its sixth click");
    assertEquals(IntStream.range(15, 20).mapToObj(n -> "r" + n).toList(), ids(six.calibrationSlice()),
        "the rest still split by age");

    TrainingWindow many = new TrainingWindow(settings(100));
    IntStream.range(0, 50).forEach(n -> many.add(row(n, true, n % 5 == 0 ? 1 : 0)));
    assertEquals(32, many.evaluationSlice().size(), "at most 0.8 of the held-out rows evaluate");
    assertEquals(8, many.calibrationSlice().size() + many.earlyStoppingSlice(1.0).size(),
        "early stopping and calibration keep the rest");
  }

  @Test
  void heldOutRowsAreCutByAgeIntoEarlyStoppingCalibrationAndEvaluation() {
    TrainingWindow window = new TrainingWindow(SETTINGS);
    IntStream.range(0, 50).forEach(n -> window.add(row(n, true, n % 5 == 0 ? 1 : 0)));

    assertEquals(40, window.heldOutRows(), "the oldest 10 fell out of the window");
    assertEquals(IntStream.range(30, 50).mapToObj(n -> "r" + n).toList(), ids(window.evaluationSlice()),
        "the newest half evaluates");
    assertEquals(IntStream.range(20, 30).mapToObj(n -> "r" + n).toList(), ids(window.calibrationSlice()),
        "the newer half of the rest calibrates, every row kept");
    List<TrainingExample> earlyStopping = window.earlyStoppingSlice(0.5);
    for (TrainingExample r : earlyStopping) {
      int n = Integer.parseInt(r.requestId().substring(1));
      assertTrue(n >= 10 && n < 20, "early stopping holds only the oldest rows: " + r.requestId());
      assertTrue(r.label() == 1 || ExampleJoin.keepsNegative(r.requestId(), r.itemId(), 0.5),
          "its negatives are those the join would keep at 0.5: " + r.requestId());
    }
    assertTrue(earlyStopping.stream().anyMatch(r -> r.label() == 1), "every positive stays");
    Set<String> seen = new HashSet<>();
    for (List<TrainingExample> slice : List.of(earlyStopping, window.calibrationSlice(), window.evaluationSlice())) {
      slice.forEach(r -> assertTrue(seen.add(r.requestId()), "in two slices: " + r.requestId()));
    }
    assertEquals(50, window.heldOutSinceCommit());
  }

  @Test
  void trainingKeepsTheNewestRowsAsTheNextReplay() {
    TrainingWindow window = new TrainingWindow(SETTINGS);
    IntStream.range(0, 45).forEach(n -> window.add(row(n, false, n % 3 == 0 ? 1 : 0)));
    assertEquals(45, window.pendingRows());
    assertEquals(0.5, window.negativeRate(), "read from the rows' weights (1/w = 2)");

    window.trained(window.trainingRows());
    assertEquals(0, window.pendingRows());
    assertEquals(30, window.replayRows(), "replay is bounded");
    assertEquals("r15", window.trainingRows().get(0).requestId(), "the newest 30 rows stay");
    assertEquals(0, window.heldOutSinceCommit());
  }

  @Test
  void slicesAreReadyOnlyWithBothLabelsAndEnoughEvaluationRows() {
    TrainingWindow onlyNegatives = new TrainingWindow(SETTINGS);
    IntStream.range(0, 40).forEach(n -> onlyNegatives.add(row(n, true, 0)));
    assertFalse(onlyNegatives.slicesReady(10));

    TrainingWindow mixed = new TrainingWindow(SETTINGS);
    IntStream.range(0, 40).forEach(n -> mixed.add(row(n, true, n % 2)));
    assertTrue(mixed.slicesReady(20));
    assertFalse(mixed.slicesReady(21), "the evaluation slice holds 20 rows");
  }

  @Test
  void aCycleWaitsForNewRowsInProportionToTheReplay() {
    TrainingWindow window = new TrainingWindow(SETTINGS);
    assertEquals(5, window.newRowsNeeded(5, 0.1), "no replay yet: the minimum alone");
    List<TrainingExample> trained = IntStream.range(0, 30).mapToObj(n -> row(n, false, n % 3 == 0 ? 1 : 0)).toList();
    window.trained(trained); // a full replay of 30 rows

    assertEquals(5, window.newRowsNeeded(5, 0.1), "3 would be a tenth of the replay: the minimum is more");
    assertEquals(15, window.newRowsNeeded(5, 0.5), "half the replay");
    assertEquals(5, window.newRowsNeeded(5, 0.0), "no share: the minimum");
  }

  @Test
  void whileNoCycleTrainsTheNewRowsHeldStayBounded() {
    // min-train-examples 20 (below the replay's 30): at most 30 new rows, then the oldest move to the replay
    TrainingWindow window = new TrainingWindow(LearningSettings.fromConfig(ConfigFactory.parseString(
        "persona.learning.trainer { replay-examples = 30, min-train-examples = 20 }")
        .withFallback(ConfigFactory.defaultReference()).resolve()));
    IntStream.range(0, 100).forEach(n -> window.add(row(n, false, n % 3 == 0 ? 1 : 0)));

    assertEquals(30, window.pendingRows());
    assertEquals(30, window.replayRows());
    assertEquals(IntStream.range(40, 100).mapToObj(n -> "r" + n).toList(), ids(window.trainingRows()),
        "the newest 60 rows, in order: the older ones fell out of the replay");
    assertEquals(70, window.movedToReplaySinceCommit());
    window.committedWithoutTraining();
    assertEquals(0, window.movedToReplaySinceCommit());
    assertEquals(30, window.pendingRows(), "a commit without training keeps the rows");

    // a cycle that needs more new rows than the replay holds can still be reached
    TrainingWindow large = new TrainingWindow(LearningSettings.fromConfig(ConfigFactory.parseString(
        "persona.learning.trainer { replay-examples = 10, min-train-examples = 50 }")
        .withFallback(ConfigFactory.defaultReference()).resolve()));
    IntStream.range(0, 60).forEach(n -> large.add(row(n, false, 0)));
    assertEquals(50, large.pendingRows());
    assertEquals(10, large.replayRows());
  }

  @Test
  void theEvaluationsClicksAreCounted() {
    TrainingWindow window = new TrainingWindow(settings(100));
    IntStream.range(0, 40).forEach(n -> window.add(row(n, true, n % 4 == 0 ? 1 : 0)));

    assertEquals(8, window.evaluationPositives(), "grown to 0.8 of 40 rows, r8-r39: a click every 4th row");
  }

  @Test
  void refilledRowsAreNotCountedAsNew() {
    TrainingWindow window = new TrainingWindow(SETTINGS);
    window.refill(row(1, true, 1));
    window.refill(row(2, false, 0));
    assertEquals(1, window.heldOutRows());
    assertEquals(1, window.replayRows());
    assertEquals(0, window.pendingRows());
    assertEquals(0, window.heldOutSinceCommit());
  }
}
