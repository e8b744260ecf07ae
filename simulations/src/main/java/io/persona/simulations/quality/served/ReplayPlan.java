package io.persona.simulations.quality.served;

import io.persona.simulations.quality.LeaveLastOut;
import io.persona.simulations.quality.TestCase;
import io.persona.simulations.quality.TrainingSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * What a protocol's replay sends and asks, worked out from the dataset before any node runs: the
 * events imported as history (the split's training part) and then, in order, live events and asks.
 *
 * @param imported dataset event numbers imported as history, in time order
 * @param steps    after the import (and its training), in order
 */
public record ReplayPlan(int[] imported, List<ReplayStep> steps) {

  public ReplayPlan {
    steps = List.copyOf(steps);
  }

  /**
   * Leave-last-out: every event but each user's held-out last one is imported; then each test
   * user is asked once. Nothing is sent live: the held-out events are only targets.
   *
   * @param cases the split's test cases (possibly a sample); each is asked by its index
   */
  public static ReplayPlan leaveLastOut(TrainingSet all, List<TestCase> cases) {
    boolean[] heldOut = new boolean[all.events()];
    for (int e : LeaveLastOut.heldOut(all)) {
      heldOut[e] = true;
    }
    List<ReplayStep> steps = new ArrayList<>(cases.size());
    for (int c = 0; c < cases.size(); c++) {
      steps.add(new ReplayStep.Ask(c));
    }
    return new ReplayPlan(events(all, e -> !heldOut[e]), steps);
  }

  /**
   * Temporal split at {@code cutMillis}: events before the cut are imported; the later ones are
   * sent live in time order, in posts of at most {@code maxPost}, and just before the first later
   * event of a test user is sent that user is asked (its item is the case's target, the offline
   * "temporal-next"). Users without a case (not tested or not sampled) are only sent.
   */
  public static ReplayPlan temporal(TrainingSet all, long cutMillis, List<TestCase> cases, int maxPost) {
    if (maxPost < 1) {
      throw new IllegalArgumentException("maxPost must be >= 1");
    }
    Map<Integer, Integer> caseOfUser = new HashMap<>();
    for (int c = 0; c < cases.size(); c++) {
      caseOfUser.put(cases.get(c).user(), c);
    }
    boolean[] started = new boolean[all.users()];
    List<ReplayStep> steps = new ArrayList<>();
    List<Integer> post = new ArrayList<>();
    int asked = 0;
    for (int e = 0; e < all.events(); e++) {
      if (all.time(e) < cutMillis) {
        continue;
      }
      int user = all.user(e);
      Integer c = caseOfUser.get(user);
      if (!started[user] && c != null) {
        TestCase test = cases.get(c);
        if (test.relevant().length != 1 || test.relevant()[0] != all.item(e)) {
          throw new IllegalArgumentException("case of user " + user + " does not target its first event after the "
              + "cut: temporal replays score the next item only");
        }
        flush(post, steps);
        steps.add(new ReplayStep.Ask(c));
        asked++;
      }
      started[user] = true;
      post.add(e);
      if (post.size() == maxPost) {
        flush(post, steps);
      }
    }
    flush(post, steps);
    if (asked != cases.size()) {
      throw new IllegalArgumentException((cases.size() - asked) + " test cases have no event after the cut");
    }
    return new ReplayPlan(events(all, e -> all.time(e) < cutMillis), steps);
  }

  private static void flush(List<Integer> post, List<ReplayStep> steps) {
    if (!post.isEmpty()) {
      steps.add(new ReplayStep.Post(post.stream().mapToInt(Integer::intValue).toArray()));
      post.clear();
    }
  }

  private static int[] events(TrainingSet all, IntPredicate keep) {
    return IntStream.range(0, all.events()).filter(keep).toArray();
  }
}
