package io.persona.simulations.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's events in time order with users and items numbered 0..n-1, the form splits and
 * models work on (arrays rather than strings and records: the benchmark evaluates every user
 * against the full catalog many times). Events at the same instant keep the order they were read
 * in: in a purchase log the lines of one invoice share a time, and the file order is the only
 * order there is.
 */
public final class Interactions {
  private final String[] userIds;
  private final String[] itemIds;
  private final List<HistoryEvent> events;
  private final TrainingSet all;

  private Interactions(String[] userIds, String[] itemIds, List<HistoryEvent> events, TrainingSet all) {
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.events = events;
    this.all = all;
  }

  public static Interactions of(List<HistoryEvent> events, EventWeights weights) {
    List<HistoryEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(HistoryEvent::timestamp)); // stable: ties keep the read order
    Map<String, Integer> users = new HashMap<>();
    Map<String, Integer> items = new HashMap<>();
    List<String> userIds = new ArrayList<>();
    List<String> itemIds = new ArrayList<>();
    int n = sorted.size();
    int[] user = new int[n];
    int[] item = new int[n];
    long[] time = new long[n];
    double[] strength = new double[n];
    for (int e = 0; e < n; e++) {
      HistoryEvent event = sorted.get(e);
      user[e] = users.computeIfAbsent(event.userId(), id -> {
        userIds.add(id);
        return userIds.size() - 1;
      });
      item[e] = items.computeIfAbsent(event.itemId(), id -> {
        itemIds.add(id);
        return itemIds.size() - 1;
      });
      time[e] = event.timestamp().toEpochMilli();
      strength[e] = weights.strength(event.type(), event.value());
    }
    return new Interactions(userIds.toArray(String[]::new), itemIds.toArray(String[]::new), List.copyOf(sorted),
        new TrainingSet(userIds.size(), itemIds.size(), user, item, time, strength));
  }

  /** Every event, as the set the splits cut. */
  public TrainingSet all() {
    return all;
  }

  /** Event {@code e} of {@link #all()} as it was read (its type, value and original time): what a replay sends. */
  public HistoryEvent event(int e) {
    return events.get(e);
  }

  public String userId(int user) {
    return userIds[user];
  }

  public String itemId(int item) {
    return itemIds[item];
  }

  public List<String> itemIds() {
    return Arrays.asList(itemIds.clone());
  }
}
