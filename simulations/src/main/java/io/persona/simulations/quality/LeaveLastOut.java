package io.persona.simulations.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Leave-last-out: each user with at least two events has their last event held out (the latest,
 * and among events at the same instant the last one read: in a purchase log, the last line of the
 * last invoice). Everything else, other users' later events included, is training. The question
 * asked is "what does this user interact with next", answered once per user.
 */
public record LeaveLastOut() implements Protocol {
  public static final String PROTOCOL = "leave-last-out";

  @Override
  public String name() {
    return PROTOCOL;
  }

  @Override
  public Split split(TrainingSet data) {
    int[] held = heldOut(data);
    boolean[] heldOut = new boolean[data.events()];
    for (int e : held) {
      heldOut[e] = true;
    }
    TrainingSet train = data.subset(e -> !heldOut[e]);
    List<TestCase> cases = new ArrayList<>(held.length);
    for (int e : held) {
      cases.add(new TestCase(data.user(e), new int[] {data.item(e)}, train.eventsOf(data.user(e)).length));
    }
    return new Split(PROTOCOL, train, cases);
  }

  /**
   * The held-out event of each user with at least two events, by user number: the events a replay
   * of this split leaves out of what it imports.
   */
  public static int[] heldOut(TrainingSet data) {
    List<Integer> held = new ArrayList<>();
    for (int u = 0; u < data.users(); u++) {
      int[] events = data.eventsOf(u);
      if (events.length >= 2) {
        held.add(events[events.length - 1]);
      }
    }
    return held.stream().mapToInt(Integer::intValue).toArray();
  }
}
