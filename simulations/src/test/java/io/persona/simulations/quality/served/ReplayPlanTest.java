package io.persona.simulations.quality.served;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.persona.simulations.quality.Events;
import io.persona.simulations.quality.LeaveLastOut;
import io.persona.simulations.quality.Split;
import io.persona.simulations.quality.TemporalSplit;
import io.persona.simulations.quality.TestCase;
import io.persona.simulations.quality.TestUsers;
import io.persona.simulations.quality.TrainingSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {
  /*
   * event: 0        1        2        3        4        5        6        7        8
   * user:  0        1        0        2        1        0        3        1        0
   * item:  0        1        2        3        4        5        0        1        2
   * time:  10       20       30       40       100      110      120      130      140
   * user 2 has one event (never held out, never tested); user 3 appears only after the cut (100).
   */
  private final TrainingSet data = new Events(4, 6)
      .add(0, 0, 10).add(1, 1, 20).add(0, 2, 30).add(2, 3, 40)
      .add(1, 4, 100).add(0, 5, 110).add(3, 0, 120).add(1, 1, 130).add(0, 2, 140)
      .build();

  @Test
  void leaveLastOutImportsAllButEachUsersLastEventThenAsksEveryTestUser() {
    Split split = new LeaveLastOut().split(data);
    ReplayPlan plan = ReplayPlan.leaveLastOut(data, split.cases());

    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, plan.imported(), "users 0 and 1 lose events 8 and 7");
    assertEquals(split.train().events(), plan.imported().length, "exactly the offline training events");
    assertEquals(List.of(new ReplayStep.Ask(0), new ReplayStep.Ask(1)), plan.steps(), "no live events");
  }

  @Test
  void temporalImportsTheEventsBeforeTheCutAndAsksJustBeforeEachTestUsersFirstLaterEvent() {
    Split split = TemporalSplit.split(data, 100, TemporalSplit.Relevance.NEXT);
    List<TestCase> cases = split.cases(); // users 0 (target item 5) and 1 (target item 4)
    ReplayPlan plan = ReplayPlan.temporal(data, 100, cases, 1000);

    assertArrayEquals(new int[] {0, 1, 2, 3}, plan.imported());
    int user1 = caseOf(cases, 1);
    int user0 = caseOf(cases, 0);
    List<ReplayStep> steps = plan.steps();
    assertEquals(new ReplayStep.Ask(user1), steps.get(0), "user 1's first later event is the first one sent");
    assertArrayEquals(new int[] {4}, post(steps.get(1)));
    assertEquals(new ReplayStep.Ask(user0), steps.get(2));
    assertArrayEquals(new int[] {5, 6, 7, 8}, post(steps.get(3)), "later events of asked users are only sent");
    assertEquals(4, steps.size());
  }

  @Test
  void livePostsAreCutToTheRequestLimitAndUnsampledUsersAreOnlySent() {
    Split split = TestUsers.atMost(TemporalSplit.split(data, 100, TemporalSplit.Relevance.NEXT), 1);
    ReplayPlan plan = ReplayPlan.temporal(data, 100, split.cases(), 2);

    int asked = split.cases().get(0).user();
    long asks = plan.steps().stream().filter(s -> s instanceof ReplayStep.Ask).count();
    assertEquals(1, asks, "only the sampled user " + asked + " is asked");
    int sent = 0;
    for (ReplayStep step : plan.steps()) {
      if (step instanceof ReplayStep.Post) {
        int[] events = post(step);
        assertEquals(true, events.length <= 2, "at most 2 per post");
        for (int e : events) {
          assertEquals(4 + sent++, e, "every later event once, in time order");
        }
      }
    }
    assertEquals(5, sent);
  }

  @Test
  void aCaseThatDoesNotTargetTheNextItemIsRefused() {
    Split all = TemporalSplit.split(data, 100, TemporalSplit.Relevance.ALL); // user 0: items 5 and 2
    assertThrows(IllegalArgumentException.class, () -> ReplayPlan.temporal(data, 100, all.cases(), 1000));
  }

  private static int caseOf(List<TestCase> cases, int user) {
    for (int c = 0; c < cases.size(); c++) {
      if (cases.get(c).user() == user) {
        return c;
      }
    }
    throw new AssertionError("no case for user " + user);
  }

  private static int[] post(ReplayStep step) {
    return ((ReplayStep.Post) step).events();
  }
}
