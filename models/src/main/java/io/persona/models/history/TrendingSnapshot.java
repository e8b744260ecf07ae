package io.persona.models.history;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Recent popularity (trending) at one moment, as a live node's trending counts hold it: each item's
 * interactions decayed to that moment, scaled by the best item's, and the items best first (ties by
 * id, as serving lists them).
 *
 * <p>Compact, because the cut hold-out keeps one per held-out user: only the items at or above
 * {@link #FLOOR} of the best one's score are kept, at most the best {@link #MAX_KEPT} of them (plus
 * enough of the best to list {@code listed}); any other item scores 0. An item that far below the
 * best moves a blend by less than its weight times the floor. The cap binds only where trending is
 * flat over thousands of items (a half-life long against the history): there an item past the
 * best {@link #MAX_KEPT} scores 0 instead of a little less than they do, and 1,000 held-out users
 * hold at most 60 MB.
 */
final class TrendingSnapshot {
  /** Items below this share of the best item's score count 0. */
  static final double FLOOR = 1e-4;
  static final int MAX_KEPT = 5_000;
  static final TrendingSnapshot EMPTY = new TrendingSnapshot(new String[0], new int[0], new int[0], new float[0], 0);

  private final String[] itemIds;
  /** Kept items' indexes into {@code itemIds}, best first. */
  private final int[] bestFirst;
  /** The same indexes in ascending order, and their scaled scores: the lookup. */
  private final int[] byIndex;
  private final float[] scaled;
  /** The best item's decayed count at the snapshot's moment, as a node's trending counts it. */
  private final double best;

  private TrendingSnapshot(String[] itemIds, int[] bestFirst, int[] byIndex, float[] scaled, double best) {
    this.itemIds = itemIds;
    this.bestFirst = bestFirst;
    this.byIndex = byIndex;
    this.scaled = scaled;
    this.best = best;
  }

  /**
   * The snapshot of decayed sums {@code sums} (indexed like {@code itemIds}, any common scale),
   * keeping at least the best {@code listed} items with a positive sum; {@code toCounts} turns a sum
   * into the decayed count a node holds at the snapshot's moment (the ranker reads counts).
   */
  static TrendingSnapshot of(String[] itemIds, double[] sums, int listed, double toCounts) {
    double max = 0;
    for (double s : sums) {
      max = Math.max(max, s);
    }
    if (!(max > 0)) {
      return EMPTY;
    }
    Integer[] kept = keptIndexes(sums, max * FLOOR, listed, itemIds);
    int cap = Math.max(listed, MAX_KEPT);
    if (kept.length > cap) {
      kept = Arrays.copyOf(kept, cap); // best first: the weakest go
    }
    int[] bestFirst = new int[kept.length];
    for (int i = 0; i < kept.length; i++) {
      bestFirst[i] = kept[i];
    }
    int[] byIndex = bestFirst.clone();
    Arrays.sort(byIndex);
    float[] scaled = new float[byIndex.length];
    for (int i = 0; i < byIndex.length; i++) {
      scaled[i] = (float) (sums[byIndex[i]] / max);
    }
    return new TrendingSnapshot(itemIds, bestFirst, byIndex, scaled, max * toCounts);
  }

  /** The items at or above {@code floor}, or the best {@code listed} when fewer are; best first, ties by id. */
  private static Integer[] keptIndexes(double[] sums, double floor, int listed, String[] itemIds) {
    int above = 0;
    int positive = 0;
    for (double s : sums) {
      above += s >= floor ? 1 : 0;
      positive += s > 0 ? 1 : 0;
    }
    boolean byFloor = above >= listed;
    Integer[] kept = new Integer[byFloor ? above : positive];
    int n = 0;
    for (int i = 0; i < sums.length; i++) {
      if (byFloor ? sums[i] >= floor : sums[i] > 0) {
        kept[n++] = i;
      }
    }
    Arrays.sort(kept, (a, b) -> {
      int bySum = Double.compare(sums[b], sums[a]);
      return bySum != 0 ? bySum : itemIds[a].compareTo(itemIds[b]);
    });
    return byFloor || kept.length <= listed ? kept : Arrays.copyOf(kept, listed);
  }

  /** {@code itemId}'s score scaled by the best item's (1 for it), 0 when not kept. */
  double scaled(String itemId, Map<String, Integer> indexOf) {
    Integer index = indexOf.get(itemId);
    if (index == null) {
      return 0;
    }
    int at = Arrays.binarySearch(byIndex, index);
    return at < 0 ? 0 : scaled[at];
  }

  /**
   * {@code itemId}'s decayed count at the snapshot's moment (what {@code ItemStats.popularity} holds
   * when serving), 0 when not kept.
   */
  double count(String itemId, Map<String, Integer> indexOf) {
    return scaled(itemId, indexOf) * best;
  }

  /** The kept items, best first. */
  List<String> bestFirst() {
    return new AbstractList<>() {
      @Override
      public String get(int i) {
        return itemIds[bestFirst[i]];
      }

      @Override
      public int size() {
        return bestFirst.length;
      }
    };
  }
}
