package io.persona.simulations.quality;

import java.util.LinkedHashSet;
import java.util.Set;

/** A user's most recent distinct items in a training set. */
final class RecentItems {
  private RecentItems() {}

  /** Up to {@code n} distinct items, newest first. */
  static int[] lastDistinct(TrainingSet train, int user, int n) {
    int[] events = train.eventsOf(user);
    Set<Integer> items = new LinkedHashSet<>();
    for (int k = events.length - 1; k >= 0 && items.size() < n; k--) {
      items.add(train.item(events[k]));
    }
    return items.stream().mapToInt(Integer::intValue).toArray();
  }
}
