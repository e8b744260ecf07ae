package io.persona.models.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Item-to-item neighbours trained in one batch from users' histories: items interacted with close
 * together in one user's sequence are neighbours. Each interaction is paired with the last
 * {@link CoOccurrenceSettings#window()} distinct items before it in the same history: the later item
 * becomes a neighbour of the earlier one, and the earlier of the later at
 * {@link CoOccurrenceSettings#backward()} of the weight (1: both ways alike; always both ways for
 * interactions at the same instant, such as one basket); a pair weighs the
 * smaller of the two strengths, decayed by the age of the later interaction. The weight of item i is the decayed strength of all its interactions, n_i; the
 * similarity of neighbour j to seed i is the asymmetric cosine C(i,j) / (n_i^(1−β)·n_j^β), so a
 * best seller is not everybody's neighbour. Each item keeps its strongest neighbours.
 *
 * <p>Unlike {@link CoVisitation}, which pairs items within a 30-minute session as events stream
 * in, this model is rebuilt from the stored history (so it survives restarts and is the same on
 * every node) and pairs across sessions: a shop's customers come back days later for the rest.
 * Immutable and thread-safe once trained; deterministic for the same histories.
 */
public final class ItemCoOccurrence {
  private static final ItemCoOccurrence EMPTY = new ItemCoOccurrence(Map.of());

  private final Map<String, List<ScoredItem>> neighbours;

  private ItemCoOccurrence(Map<String, List<ScoredItem>> neighbours) {
    this.neighbours = neighbours;
  }

  public static ItemCoOccurrence empty() {
    return EMPTY;
  }

  /** A model from stored neighbour lists (each strongest first), as {@link #neighbourLists()} gave them. */
  public static ItemCoOccurrence of(Map<String, List<ScoredItem>> neighbours) {
    Map<String, List<ScoredItem>> copy = new HashMap<>();
    neighbours.forEach((item, list) -> copy.put(item, List.copyOf(list)));
    return new ItemCoOccurrence(copy);
  }

  /** Every item's neighbours, strongest first: what a stored model keeps. */
  public Map<String, List<ScoredItem>> neighbourLists() {
    return java.util.Collections.unmodifiableMap(neighbours);
  }

  /**
   * @param histories one list per user, oldest first
   * @param nowMillis the time ages are measured from (the end of the history)
   */
  public static ItemCoOccurrence train(Collection<List<TimedInteraction>> histories, CoOccurrenceSettings settings,
                                       long nowMillis) {
    Map<String, Integer> index = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (List<TimedInteraction> history : histories) {
      for (TimedInteraction t : history) {
        index.computeIfAbsent(t.itemId(), id -> {
          ids.add(id);
          return ids.size() - 1;
        });
      }
    }
    int n = ids.size();
    double[] weight = new double[n];
    SparseRow[] pairs = new SparseRow[n];
    for (int i = 0; i < n; i++) {
      pairs[i] = new SparseRow();
    }
    double backward = settings.backward();
    int[] recentItems = new int[settings.window()];
    double[] recentStrengths = new double[settings.window()];
    long[] recentTimes = new long[settings.window()];
    for (List<TimedInteraction> history : histories) {
      // the last `window` distinct items before the current one, newest first, with the strength of
      // their latest interaction
      int recent = 0;
      for (TimedInteraction t : history) {
        if (t.strength() == 0) {
          continue;
        }
        int item = index.get(t.itemId());
        double decay = settings.halfLife() == null ? 1
            : Math.pow(0.5, (double) (nowMillis - t.atMillis()) / settings.halfLife().toMillis());
        weight[item] += decay * t.strength();
        int previous = -1;
        for (int r = 0; r < recent; r++) {
          if (recentItems[r] == item) {
            previous = r;
            continue;
          }
          double w = decay * Math.min(t.strength(), recentStrengths[r]);
          pairs[recentItems[r]].add(item, w);
          // items of one moment (a basket, a bulk rating) have no order between them
          double back = recentTimes[r] == t.atMillis() ? 1 : backward;
          if (back > 0) {
            pairs[item].add(recentItems[r], back * w);
          }
        }
        // move the item to the front of the recent list
        int from = previous >= 0 ? previous : Math.min(recent, settings.window() - 1);
        System.arraycopy(recentItems, 0, recentItems, 1, from);
        System.arraycopy(recentStrengths, 0, recentStrengths, 1, from);
        System.arraycopy(recentTimes, 0, recentTimes, 1, from);
        recentItems[0] = item;
        recentStrengths[0] = t.strength();
        recentTimes[0] = t.atMillis();
        if (previous < 0 && recent < settings.window()) {
          recent++;
        }
      }
    }
    double beta = settings.damping();
    Map<String, List<ScoredItem>> neighbours = new HashMap<>();
    for (int i = 0; i < n; i++) {
      SparseRow row = pairs[i];
      if (row.size == 0) {
        continue;
      }
      int[] keys = new int[row.size];
      double[] similarity = new double[row.size];
      Integer[] order = new Integer[row.size];
      int k = 0;
      for (int slot = 0; slot < row.keys.length; slot++) {
        if (row.used[slot]) {
          keys[k] = row.keys[slot];
          similarity[k] = row.values[slot] / (Math.pow(weight[i], 1 - beta) * Math.pow(weight[keys[k]], beta));
          order[k] = k;
          k++;
        }
      }
      // strongest first; equal ones by id, so the lists are the same on every run
      Arrays.sort(order, (a, b) -> similarity[a] != similarity[b] ? Double.compare(similarity[b], similarity[a])
          : ids.get(keys[a]).compareTo(ids.get(keys[b])));
      int keep = Math.min(settings.neighbours(), row.size);
      List<ScoredItem> kept = new ArrayList<>(keep);
      for (int r = 0; r < keep; r++) {
        kept.add(new ScoredItem(ids.get(keys[order[r]]), similarity[order[r]]));
      }
      neighbours.put(ids.get(i), List.copyOf(kept));
    }
    return new ItemCoOccurrence(neighbours);
  }

  /** The item's neighbours, strongest first; empty for an item never paired. */
  public List<ScoredItem> neighbours(String itemId) {
    return neighbours.getOrDefault(itemId, List.of());
  }

  /** Items that have neighbours. */
  public int size() {
    return neighbours.size();
  }

  /**
   * Summed similarities to weighted seeds: the score of candidate j is Σ seedWeight_i · sim(i, j).
   * Seeds are not left out: whether a user's own items may come back is the caller's rule.
   */
  public Map<String, Double> scores(Map<String, Double> seedWeights) {
    Map<String, Double> out = new HashMap<>();
    seedWeights.forEach((seed, w) -> {
      for (ScoredItem s : neighbours(seed)) {
        out.merge(s.itemId(), w * s.score(), Double::sum);
      }
    });
    return out;
  }

  /** Open-addressing map from item number to summed pair weight. */
  private static final class SparseRow {
    int[] keys = new int[8];
    double[] values = new double[8];
    boolean[] used = new boolean[8];
    int size;

    void add(int key, double value) {
      if (2 * (size + 1) > keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int slot = (key * 0x9E3779B9) >>> 1 & mask;
      while (used[slot] && keys[slot] != key) {
        slot = (slot + 1) & mask;
      }
      if (!used[slot]) {
        used[slot] = true;
        keys[slot] = key;
        size++;
      }
      values[slot] += value;
    }

    private void grow() {
      int[] oldKeys = keys;
      double[] oldValues = values;
      boolean[] oldUsed = used;
      keys = new int[oldKeys.length * 2];
      values = new double[oldKeys.length * 2];
      used = new boolean[oldKeys.length * 2];
      size = 0;
      for (int s = 0; s < oldKeys.length; s++) {
        if (oldUsed[s]) {
          add(oldKeys[s], oldValues[s]);
        }
      }
    }
  }
}
