package io.persona.simulations.quality;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The textbook item-kNN baseline: item-item cosine similarity of the binary user-item matrix,
 * sim(i, j) = |users of i and j| / sqrt(|users of i|·|users of j|), and a user's score for j the
 * sum of sim(i, j) over their last {@code lastItems} distinct items i. No decay, no pruning of
 * neighbours: the reference the product's co-occurrence model has to beat.
 */
public record ItemKnn(int lastItems) implements Recommender {

  @Override
  public String name() {
    return "item-kNN cosine (last " + lastItems + " items)";
  }

  @Override
  public Scorer fit(TrainingSet train, Fits fits) {
    int n = train.items();
    // distinct items per user, and users per item
    int[][] userItems = new int[train.users()][];
    int[] itemUsers = new int[n];
    for (int u = 0; u < train.users(); u++) {
      Set<Integer> distinct = new LinkedHashSet<>();
      for (int e : train.eventsOf(u)) {
        distinct.add(train.item(e));
      }
      userItems[u] = distinct.stream().mapToInt(Integer::intValue).toArray();
      for (int i : userItems[u]) {
        itemUsers[i]++;
      }
    }
    int[][] usersOf = new int[n][];
    for (int i = 0; i < n; i++) {
      usersOf[i] = new int[itemUsers[i]];
    }
    int[] fill = new int[n];
    for (int u = 0; u < userItems.length; u++) {
      for (int i : userItems[u]) {
        usersOf[i][fill[i]++] = u;
      }
    }
    // sparse cosine rows, computed for every item once
    int[][] neighbours = new int[n][];
    float[][] similarity = new float[n][];
    double[] row = new double[n];
    for (int i = 0; i < n; i++) {
      List<Integer> touched = new ArrayList<>();
      for (int u : usersOf[i]) {
        for (int j : userItems[u]) {
          if (j != i) {
            if (row[j] == 0) {
              touched.add(j);
            }
            row[j]++;
          }
        }
      }
      neighbours[i] = new int[touched.size()];
      similarity[i] = new float[touched.size()];
      for (int t = 0; t < touched.size(); t++) {
        int j = touched.get(t);
        neighbours[i][t] = j;
        similarity[i][t] = (float) (row[j] / Math.sqrt((double) itemUsers[i] * itemUsers[j]));
        row[j] = 0;
      }
    }
    return (user, scores) -> {
      for (int i : RecentItems.lastDistinct(train, user, lastItems)) {
        int[] js = neighbours[i];
        float[] sims = similarity[i];
        for (int t = 0; t < js.length; t++) {
          scores[js[t]] += sims[t];
        }
      }
    };
  }
}
