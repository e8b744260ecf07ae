package io.persona.simulations.quality;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The training events folded into one strength per user-item pair (summed event strengths, or
 * their log1p, optionally decayed by age), the input of matrix factorisation. Pairs of strength 0 (low ratings) are left out.
 */
record UserItems(int[][] items, float[][] strengths) {

  /** @param halfLife decays each event's strength by its age at the end of training; null: none */
  static UserItems of(TrainingSet train, boolean logStrength, Duration halfLife) {
    long end = train.end();
    int[][] items = new int[train.users()][];
    float[][] strengths = new float[train.users()][];
    double[] sums = new double[train.items()];
    for (int u = 0; u < train.users(); u++) {
      List<Integer> touched = new ArrayList<>();
      for (int e : train.eventsOf(u)) {
        int i = train.item(e);
        if (train.strength(e) > 0) {
          if (sums[i] == 0) {
            touched.add(i);
          }
          sums[i] += train.strength(e) * Durations.decay(end - train.time(e), halfLife);
        }
      }
      List<Integer> kept = new ArrayList<>();
      List<Float> keptStrengths = new ArrayList<>();
      for (int i : touched) {
        float strength = (float) (logStrength ? Math.log1p(sums[i]) : sums[i]);
        if (strength > 0) { // a very old event decays to nothing in float
          kept.add(i);
          keptStrengths.add(strength);
        }
        sums[i] = 0;
      }
      items[u] = kept.stream().mapToInt(Integer::intValue).toArray();
      strengths[u] = new float[kept.size()];
      for (int k = 0; k < kept.size(); k++) {
        strengths[u][k] = keptStrengths.get(k);
      }
    }
    return new UserItems(items, strengths);
  }
}
