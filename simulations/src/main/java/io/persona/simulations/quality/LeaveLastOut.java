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
    boolean[] heldOut = new boolean[data.events()];
    List<int[]> held = new ArrayList<>(); // {user, event}
    for (int u = 0; u < data.users(); u++) {
      int[] events = data.eventsOf(u);
      if (events.length >= 2) {
        int last = events[events.length - 1];
        heldOut[last] = true;
        held.add(new int[] {u, last});
      }
    }
    TrainingSet train = data.subset(e -> !heldOut[e]);
    List<TestCase> cases = new ArrayList<>(held.size());
    for (int[] h : held) {
      cases.add(new TestCase(h[0], new int[] {data.item(h[1])}, train.eventsOf(h[0]).length));
    }
    return new Split(PROTOCOL, train, cases);
  }
}
