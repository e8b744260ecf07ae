package io.persona.models.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Trending as a live node holds it at the moment each user is asked "what next?": every interaction
 * before that moment, other users' interactions after the cut included, decayed with the trending
 * half-life. A live node's trending counts every event as it arrives while its history model was
 * trained earlier, so the cut hold-out asks each user just before their next interaction with the
 * trending of that moment, not of the cut: a trend that starts after the cut is what trending is for.
 *
 * <p>One pass in time order: the decayed sums are kept at a reference moment, each interaction
 * adding its weight times 2^((t - reference) / half-life); a snapshot divides by the best item's sum,
 * so the scale never matters there, and the reference moves forward before the factors could overflow;
 * the snapshot also keeps the best item's count at its moment, which the ranker from history reads.
 */
final class TrendingReplay {
  /** The reference moves once an interaction's factor would pass 2^this. */
  private static final double MAX_EXPONENT = 256;

  private TrendingReplay() {}

  /**
   * @param before   each user's interactions before the cut (any order)
   * @param later    every interaction at or after the cut, of every user
   * @param askedAt  when each asked user is asked: just before their next interaction
   * @param weight   what an interaction adds to its item's count (at least 0)
   * @param listed   how many of the best items a user's snapshot must list at least
   * @param indexOf  receives each item's index, for {@link TrendingSnapshot#scaled}
   * @return each asked user's snapshot, counting the interactions strictly before their moment
   */
  static Map<String, TrendingSnapshot> snapshots(Map<String, List<HistoryEvent>> before, List<HistoryEvent> later,
                                                 Instant cut, Map<String, Instant> askedAt, Duration halfLife,
                                                 ToDoubleFunction<HistoryEvent> weight, ToIntFunction<String> listed,
                                                 Map<String, Integer> indexOf) {
    List<String> itemIds = new ArrayList<>();
    before.values().forEach(events -> events.forEach(e -> index(e.itemId(), indexOf, itemIds)));
    later.forEach(e -> index(e.itemId(), indexOf, itemIds));
    String[] ids = itemIds.toArray(String[]::new);
    double[] sums = new double[ids.length];
    double halfLifeMillis = halfLife.toMillis();
    long reference = cut.toEpochMilli();
    for (List<HistoryEvent> events : before.values()) {
      for (HistoryEvent e : events) {
        add(sums, indexOf.get(e.itemId()), weight.applyAsDouble(e), e.time().toEpochMilli() - reference,
            halfLifeMillis);
      }
    }
    List<HistoryEvent> inOrder = new ArrayList<>(later);
    inOrder.sort(HistoryEvent.IN_ORDER);
    List<Map.Entry<String, Instant>> asks = new ArrayList<>(askedAt.entrySet());
    asks.sort(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    Map<String, TrendingSnapshot> snapshots = new LinkedHashMap<>();
    int next = 0;
    for (Map.Entry<String, Instant> ask : asks) {
      while (next < inOrder.size() && inOrder.get(next).time().isBefore(ask.getValue())) {
        HistoryEvent e = inOrder.get(next++);
        long age = e.time().toEpochMilli() - reference;
        if (age / halfLifeMillis > MAX_EXPONENT) {
          rescale(sums, age, halfLifeMillis);
          reference = e.time().toEpochMilli();
          age = 0;
        }
        add(sums, indexOf.get(e.itemId()), weight.applyAsDouble(e), age, halfLifeMillis);
      }
      double toCounts = Math.pow(2, (reference - ask.getValue().toEpochMilli()) / halfLifeMillis);
      snapshots.put(ask.getKey(), TrendingSnapshot.of(ids, sums, listed.applyAsInt(ask.getKey()), toCounts));
    }
    return snapshots;
  }

  private static void index(String itemId, Map<String, Integer> indexOf, List<String> itemIds) {
    if (!indexOf.containsKey(itemId)) {
      indexOf.put(itemId, itemIds.size());
      itemIds.add(itemId);
    }
  }

  private static void add(double[] sums, int item, double weight, long sinceReference, double halfLifeMillis) {
    if (weight > 0) {
      sums[item] += weight * Math.pow(2, sinceReference / halfLifeMillis);
    }
  }

  /** Moves the sums' reference {@code by} later: each is then worth 2^(-by / half-life) as much. */
  private static void rescale(double[] sums, long by, double halfLifeMillis) {
    double factor = Math.pow(2, -by / halfLifeMillis);
    for (int i = 0; i < sums.length; i++) {
      sums[i] *= factor;
    }
  }

  /** The trending of one moment for everyone asked then (the last-interaction hold-out). */
  static TrendingSnapshot at(Map<String, List<HistoryEvent>> events, Instant at, Duration halfLife,
                             ToDoubleFunction<HistoryEvent> weight, int listed, Map<String, Integer> indexOf) {
    Map<String, TrendingSnapshot> one = snapshots(events, List.of(), at, Map.of("", at), halfLife, weight,
        user -> listed, indexOf);
    return one.get("");
  }
}
