package io.persona.models.learning;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kept-negative rate is read from the rows, and rows of two rates are brought to one. */
class NegativeRateTest {

  private static TrainingExample row(String requestId, String itemId, int label, double weight, boolean holdout) {
    return new TrainingExample(requestId, "u1", itemId, Instant.EPOCH, 0, "ann", label, weight, holdout, 0.5, 0.1,
        0.1, "v1", "champion", "fp", new float[] {1}, new long[] {1});
  }

  /** What the join writes for impressions r-i of one slate each, negatives kept at {@code rate}. */
  private static List<TrainingExample> joined(int from, int to, double rate) {
    List<TrainingExample> rows = new ArrayList<>();
    for (int n = from; n < to; n++) {
      String requestId = "r" + n;
      if (n % 10 == 0) {
        rows.add(row(requestId, "i", 1, 1, false));
      } else if (ExampleJoin.keepsNegative(requestId, "i", rate)) {
        rows.add(row(requestId, "i", 0, 1 / rate, false));
      }
    }
    return rows;
  }

  private static Set<String> ids(List<TrainingExample> rows) {
    return rows.stream().map(r -> r.requestId() + "/" + r.label() + "/" + r.weight()).collect(Collectors.toSet());
  }

  @Test
  void theRateIsReadFromTheTrainingNegatives() {
    assertEquals(OptionalDouble.of(0.3), round(NegativeRate.lowest(joined(0, 500, 0.3))));
    assertEquals(OptionalDouble.empty(), NegativeRate.lowest(List.of(row("r1", "i", 1, 1, false),
        row("r2", "i", 0, 1, true))), "positives and held-out rows carry no rate");
  }

  @Test
  void rowsOfTwoRatesAreExactlyTheSampleTheLowerRateDraws() {
    // the operator lowered the rate from 0.5 to 0.2 halfway through the rows
    List<TrainingExample> mixed = new ArrayList<>(joined(0, 2000, 0.5));
    mixed.addAll(joined(2000, 4000, 0.2));
    double rate = NegativeRate.lowest(mixed).orElseThrow();
    assertEquals(0.2, rate, 1e-12);

    List<TrainingExample> drawn = NegativeRate.drawnAt(mixed, rate);

    assertEquals(ids(joined(0, 4000, 0.2)), ids(drawn));
    assertTrue(drawn.size() < mixed.size());
  }

  @Test
  void rowsOfOneRateAreKeptAsTheyAre() {
    List<TrainingExample> rows = new ArrayList<>(joined(0, 1000, 1.0 / 3));
    rows.add(row("h", "i", 0, 1, true));
    assertEquals(rows, NegativeRate.drawnAt(rows, NegativeRate.lowest(rows).orElseThrow()));
  }

  private static OptionalDouble round(OptionalDouble rate) {
    return rate.isPresent() ? OptionalDouble.of(Math.round(rate.getAsDouble() * 1e9) / 1e9) : rate;
  }
}
