package io.persona.simulations.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveLastOutTest {

  @Test
  void eachUserWithTwoEventsLosesTheLastOneReadAndEveryoneElseTrains() {
    TrainingSet data = new Events(3, 4)
        .add(0, 0, 10).add(2, 3, 10).add(0, 1, 20).add(1, 2, 25)
        .add(2, 1, 30).add(2, 0, 30) // same instant: the one read last is the last
        .add(0, 2, 40)
        .build();

    Split split = new LeaveLastOut().split(data);

    List<TestCase> cases = split.cases();
    assertEquals(2, cases.size(), "user 1 has a single event: nothing to hold out");
    assertEquals(0, cases.get(0).user());
    assertArrayEquals(new int[] {2}, cases.get(0).relevant());
    assertEquals(2, cases.get(0).trainingEvents());
    assertEquals(2, cases.get(1).user());
    assertArrayEquals(new int[] {0}, cases.get(1).relevant());
    assertEquals(2, cases.get(1).trainingEvents());

    TrainingSet train = split.train();
    assertEquals(5, train.events());
    assertEquals(1, train.eventsOf(1).length, "the single-event user still trains");
    assertEquals(30, train.end());
    assertEquals(4, train.catalogSize());
  }

  @Test
  void appliedToItsOwnTrainingPartItHoldsOutTheSecondToLast() {
    TrainingSet data = new Events(1, 3).add(0, 0, 1).add(0, 1, 2).add(0, 2, 3).build();
    Split test = new LeaveLastOut().split(data);
    Split validation = new LeaveLastOut().split(test.train());
    assertArrayEquals(new int[] {1}, validation.cases().get(0).relevant());
    assertEquals(1, validation.train().events());
  }
}
