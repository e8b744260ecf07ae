package io.persona.models.learning;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * Implicit feedback of many users on many items in primitive arrays, the input of
 * {@link ImplicitAls}: users and items are rows numbered in id order, and each user's items (and
 * each item's users) are stored compressed by row (CSR) with the pair's strength. A pair costs 24
 * bytes here once built (~55-70 while it is built: the builder's table and the sorted keys beside
 * it), where a list of {@link Interaction}s with maps of boxed sums and ALS's own entries cost ~140,
 * and a training job reading every interaction of a 90-day horizon holds this, not that.
 *
 * <p>Built with a {@link Builder} while the interactions are paged in: the same pair seen again adds
 * to its sum (in arrival order, so the sums are the same whatever holds them), ids are kept once.
 */
public final class InteractionMatrix {
  private final String[] userIds;
  private final String[] itemIds;
  private final Rows byUser;
  private final Rows byItem;

  /** One side's rows: row r's entries are {@code start[r] .. start[r + 1]}, each the other side's row and a strength. */
  record Rows(int[] start, int[] other, double[] strength) {
    int count() {
      return start.length - 1;
    }
  }

  private InteractionMatrix(String[] userIds, String[] itemIds, Rows byUser, Rows byItem) {
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.byUser = byUser;
    this.byItem = byItem;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The matrix of {@code interactions}, the strengths of a repeated pair summed. */
  public static InteractionMatrix of(Iterable<Interaction> interactions) {
    Builder builder = builder();
    for (Interaction i : interactions) {
      builder.add(i.userId(), i.itemId(), i.strength());
    }
    return builder.build(DoubleUnaryOperator.identity());
  }

  /** Distinct users, in id order. */
  public int users() {
    return userIds.length;
  }

  /** Distinct items, in id order. */
  public int items() {
    return itemIds.length;
  }

  /** Distinct user-item pairs. */
  public int pairs() {
    return byUser.other().length;
  }

  String userId(int row) {
    return userIds[row];
  }

  String itemId(int row) {
    return itemIds[row];
  }

  Rows byUser() {
    return byUser;
  }

  Rows byItem() {
    return byItem;
  }

  /**
   * Sums strengths per user-item pair as they arrive. Memory while building: the distinct ids, and
   * an open-addressing table of 16 bytes per slot (a pair's packed rows and its sum) at most three
   * quarters full (linear probing: ~2.5 probes for a pair seen before, ~8.5 for a new one at the most).
   */
  public static final class Builder {
    private static final long EMPTY = -1L;
    private final Map<String, Integer> userRows = new HashMap<>();
    private final Map<String, Integer> itemRows = new HashMap<>();
    private long[] keys = emptyKeys(1 << 10);
    private double[] sums = new double[1 << 10];
    private int size;

    private Builder() {}

    private static long[] emptyKeys(int capacity) {
      long[] keys = new long[capacity];
      Arrays.fill(keys, EMPTY);
      return keys;
    }

    /** Adds {@code strength} (positive, finite) to the pair's sum. */
    public Builder add(String userId, String itemId, double strength) {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(itemId, "itemId");
      if (!(strength > 0) || !Double.isFinite(strength)) {
        throw new IllegalArgumentException("strength must be positive and finite, was " + strength);
      }
      int user = userRows.computeIfAbsent(userId, id -> userRows.size());
      int item = itemRows.computeIfAbsent(itemId, id -> itemRows.size());
      long key = ((long) user << 32) | item;
      int slot = slotOf(keys, key);
      if (keys[slot] == EMPTY) {
        keys[slot] = key;
        sums[slot] = strength;
        if ((long) ++size * 4 > (long) keys.length * 3) {
          grow();
        }
      } else {
        sums[slot] += strength;
      }
      return this;
    }

    /** Distinct pairs so far. */
    public int pairs() {
      return size;
    }

    private static int slotOf(long[] keys, long key) {
      int mask = keys.length - 1;
      // Fibonacci hashing: the product's top bits depend on every bit of the user's and the item's row
      int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(keys.length)));
      while (keys[slot] != EMPTY && keys[slot] != key) {
        slot = (slot + 1) & mask;
      }
      return slot;
    }

    private void grow() {
      long[] oldKeys = keys;
      double[] oldSums = sums;
      keys = emptyKeys(oldKeys.length * 2);
      sums = new double[oldKeys.length * 2];
      for (int s = 0; s < oldKeys.length; s++) {
        if (oldKeys[s] != EMPTY) {
          int slot = slotOf(keys, oldKeys[s]);
          keys[slot] = oldKeys[s];
          sums[slot] = oldSums[s];
        }
      }
    }

    /**
     * The matrix, each pair's sum passed through {@code scale} (which must keep it positive and
     * finite), users and items numbered in id order and each row's entries in the other side's order.
     */
    public InteractionMatrix build(DoubleUnaryOperator scale) {
      String[] userIds = sortedIds(userRows);
      String[] itemIds = sortedIds(itemRows);
      int[] userRank = ranks(userIds, userRows);
      int[] itemRank = ranks(itemIds, itemRows);
      // each pair as (user rank, item rank) sorted: the by-user rows in order
      long[] order = new long[size];
      int[] userOfPair = new int[size];
      int n = 0;
      for (int s = 0; s < keys.length; s++) {
        if (keys[s] != EMPTY) {
          order[n++] = ((long) userRank[(int) (keys[s] >>> 32)] << 32) | itemRank[(int) keys[s]];
        }
      }
      Arrays.sort(order);
      int[] userStart = new int[userIds.length + 1];
      int[] userItems = new int[size];
      double[] userStrengths = new double[size];
      int[] userOfRank = inverse(userRank);
      int[] itemOfRank = inverse(itemRank);
      for (int p = 0; p < size; p++) {
        int user = (int) (order[p] >>> 32);
        int item = (int) order[p];
        userStart[user + 1]++;
        userItems[p] = item;
        double scaled = scale.applyAsDouble(sums[slotOf(keys, ((long) userOfRank[user] << 32) | itemOfRank[item])]);
        if (!(scaled > 0) || !Double.isFinite(scaled)) {
          throw new IllegalArgumentException("a scaled strength must be positive and finite, was " + scaled);
        }
        userStrengths[p] = scaled;
        userOfPair[p] = user;
      }
      for (int u = 0; u < userIds.length; u++) {
        userStart[u + 1] += userStart[u];
      }
      Rows byUser = new Rows(userStart, userItems, userStrengths);
      return new InteractionMatrix(userIds, itemIds, byUser, transpose(byUser, userOfPair, itemIds.length));
    }

    private static String[] sortedIds(Map<String, Integer> rows) {
      String[] ids = rows.keySet().toArray(String[]::new);
      Arrays.sort(ids);
      return ids;
    }

    /** rank[insertion row] = the row's place in id order. */
    private static int[] ranks(String[] sortedIds, Map<String, Integer> rows) {
      int[] rank = new int[sortedIds.length];
      for (int r = 0; r < sortedIds.length; r++) {
        rank[rows.get(sortedIds[r])] = r;
      }
      return rank;
    }

    private static int[] inverse(int[] permutation) {
      int[] inverse = new int[permutation.length];
      for (int i = 0; i < permutation.length; i++) {
        inverse[permutation[i]] = i;
      }
      return inverse;
    }

    /** The by-item rows, each item's users in user order (the by-user rows are walked in that order). */
    private static Rows transpose(Rows byUser, int[] userOfPair, int items) {
      int pairs = byUser.other().length;
      int[] start = new int[items + 1];
      for (int item : byUser.other()) {
        start[item + 1]++;
      }
      for (int i = 0; i < items; i++) {
        start[i + 1] += start[i];
      }
      int[] fill = Arrays.copyOf(start, items);
      int[] users = new int[pairs];
      double[] strengths = new double[pairs];
      for (int p = 0; p < pairs; p++) {
        int at = fill[byUser.other()[p]]++;
        users[at] = userOfPair[p];
        strengths[at] = byUser.strength()[p];
      }
      return new Rows(start, users, strengths);
    }
  }
}
