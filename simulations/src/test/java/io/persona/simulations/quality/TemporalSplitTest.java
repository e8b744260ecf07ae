package io.persona.simulations.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TemporalSplitTest {
  // user 0 on both sides, user 1 only before the cut, user 2 only after; cut at t = 100
  private final TrainingSet data = new Events(3, 5)
      .add(0, 0, 10).add(1, 1, 20).add(0, 1, 50)
      .add(0, 2, 100).add(2, 0, 110).add(0, 3, 120).add(0, 2, 130).add(0, 4, 120 + 30)
      .build();

  @Test
  void trainingIsEverythingBeforeTheCutAndOnlyUsersOnBothSidesAreTested() {
    Split split = TemporalSplit.split(data, 100, TemporalSplit.Relevance.ALL);
    assertEquals(3, split.train().events());
    assertEquals(50, split.train().end());
    assertEquals(1, split.cases().size());
    TestCase only = split.cases().get(0);
    assertEquals(0, only.user());
    assertEquals(2, only.trainingEvents());
    assertArrayEquals(new int[] {2, 3, 4}, only.relevant(), "distinct, in first-interaction order");
  }

  @Test
  void nextIsTheFirstItemAfterTheCut() {
    Split split = TemporalSplit.split(data, 100, TemporalSplit.Relevance.NEXT);
    assertArrayEquals(new int[] {2}, split.cases().get(0).relevant());
    assertEquals("temporal-next", split.protocol());
  }

  @Test
  void theCutOfAQuantileIsTheTimeOfTheEventThere() {
    assertEquals(100, TemporalSplit.quantileTime(data, 0.375)); // event 3 of 8
    Split split = new TemporalSplit(0.375, TemporalSplit.Relevance.ALL).split(data);
    assertEquals(3, split.train().events());
    assertThrows(IllegalArgumentException.class, () -> new TemporalSplit(1.0, TemporalSplit.Relevance.ALL));
  }
}
