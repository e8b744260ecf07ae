package io.persona.simulations.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds tiny training sets for tests (here and in the served benchmark's): events added in time
 * order as (user, item, time).
 */
public final class Events {
  private final int users;
  private final int items;
  private final List<long[]> rows = new ArrayList<>();

  public Events(int users, int items) {
    this.users = users;
    this.items = items;
  }

  public Events add(int user, int item, long time) {
    rows.add(new long[] {user, item, time});
    return this;
  }

  public TrainingSet build() {
    int n = rows.size();
    int[] u = new int[n];
    int[] i = new int[n];
    long[] t = new long[n];
    double[] s = new double[n];
    for (int e = 0; e < n; e++) {
      u[e] = (int) rows.get(e)[0];
      i[e] = (int) rows.get(e)[1];
      t[e] = rows.get(e)[2];
      s[e] = 1;
    }
    return TrainingSet.of(users, items, u, i, t, s);
  }
}
