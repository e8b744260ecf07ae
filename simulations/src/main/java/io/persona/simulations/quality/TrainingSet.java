package io.persona.simulations.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Events in time order over a fixed numbering of users and items: a whole dataset, or the training
 * part of a split (which can be split again to tune on a validation part). Users and items keep the
 * dataset's numbers whether or not they have events here, so test cases and scores index the same
 * arrays; {@link #inCatalog(int)} says which items a model trained here can know.
 *
 * <p>Arrays are shared, never modified: the set is immutable in practice.
 */
public final class TrainingSet {
  private final int users;
  private final int items;
  private final int[] user;
  private final int[] item;
  private final long[] time;
  private final double[] strength;
  private final int[][] byUser;
  private final boolean[] inCatalog;
  private final int catalogSize;
  private long fingerprint;

  TrainingSet(int users, int items, int[] user, int[] item, long[] time, double[] strength) {
    this.users = users;
    this.items = items;
    this.user = user;
    this.item = item;
    this.time = time;
    this.strength = strength;
    int[] counts = new int[users];
    for (int u : user) {
      counts[u]++;
    }
    byUser = new int[users][];
    for (int u = 0; u < users; u++) {
      byUser[u] = new int[counts[u]];
    }
    int[] fill = new int[users];
    inCatalog = new boolean[items];
    int known = 0;
    for (int e = 0; e < user.length; e++) {
      byUser[user[e]][fill[user[e]]++] = e;
      if (!inCatalog[item[e]]) {
        inCatalog[item[e]] = true;
        known++;
      }
    }
    catalogSize = known;
  }

  /** A set from explicit events, given in time order (tests and small examples). */
  public static TrainingSet of(int users, int items, int[] user, int[] item, long[] time, double[] strength) {
    for (int e = 1; e < time.length; e++) {
      if (time[e] < time[e - 1]) {
        throw new IllegalArgumentException("events must be in time order");
      }
    }
    return new TrainingSet(users, items, user.clone(), item.clone(), time.clone(), strength.clone());
  }

  /** The events {@code keep} accepts (by event number), in the same order and numbering. */
  public TrainingSet subset(IntPredicate keep) {
    List<Integer> kept = new ArrayList<>();
    for (int e = 0; e < user.length; e++) {
      if (keep.test(e)) {
        kept.add(e);
      }
    }
    int n = kept.size();
    int[] u = new int[n];
    int[] i = new int[n];
    long[] t = new long[n];
    double[] s = new double[n];
    for (int k = 0; k < n; k++) {
      int e = kept.get(k);
      u[k] = user[e];
      i[k] = item[e];
      t[k] = time[e];
      s[k] = strength[e];
    }
    return new TrainingSet(users, items, u, i, t, s);
  }

  public int users() {
    return users;
  }

  public int items() {
    return items;
  }

  public int events() {
    return user.length;
  }

  public int user(int event) {
    return user[event];
  }

  public int item(int event) {
    return item[event];
  }

  public long time(int event) {
    return time[event];
  }

  public double strength(int event) {
    return strength[event];
  }

  /** The user's events, oldest first (event numbers). Do not modify. */
  public int[] eventsOf(int user) {
    return byUser[user];
  }

  public boolean inCatalog(int item) {
    return inCatalog[item];
  }

  /** Items with at least one event here. */
  public int catalogSize() {
    return catalogSize;
  }

  /** A hash of the events: equal sets have equal fingerprints (and different ones, almost surely not). */
  public synchronized long fingerprint() {
    if (fingerprint == 0) {
      long h = 1125899906842597L ^ users ^ ((long) items << 32);
      for (int e = 0; e < user.length; e++) {
        h = 31 * h + user[e];
        h = 31 * h + item[e];
        h = 31 * h + time[e];
        h = 31 * h + Double.hashCode(strength[e]);
      }
      fingerprint = h == 0 ? 1 : h;
    }
    return fingerprint;
  }

  /** The time of the last event: "now" for anything that decays with age. */
  public long end() {
    return time.length == 0 ? 0 : time[time.length - 1];
  }
}
