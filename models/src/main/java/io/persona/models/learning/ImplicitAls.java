package io.persona.models.learning;

import io.persona.models.retrieval.CholeskySolver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Item (and user) embeddings from implicit feedback by alternating least squares: Hu, Koren &amp;
 * Volinsky 2008, "Collaborative Filtering for Implicit Feedback Datasets". Every user-item pair
 * counts: preference 1 with confidence c = 1 + alpha·strength where there was an interaction,
 * preference 0 with confidence 1 everywhere else, and the loss is
 * Σ c_ui (p_ui − u·v)² + λ(Σ|u|² + Σ|v|²).
 *
 * <p>With the items fixed, a user's factor solves (VᵀV + Vᵀ(C_u − I)V + λI) u = VᵀC_u p_u. VᵀV is
 * shared by all users and computed once per sweep; the correction sums only over the user's own
 * items, so a sweep costs O(nnz·d² + (users + items)·d³) instead of touching every pair. Items are
 * solved the same way with the users fixed.
 *
 * <p>The last sweep solves the users against the returned items, so a trained user's factor is
 * exactly what {@link io.persona.models.retrieval.EmbeddingFoldIn} computes for the same strengths,
 * λ and alpha (same equations, same solver): a user folded in online lives in the space the items
 * were trained for. Deterministic: ids are processed in sorted order and the only randomness is the
 * seeded initialisation.
 */
public final class ImplicitAls {
  private ImplicitAls() {}

  public static Factors train(List<Interaction> interactions, AlsSettings settings) {
    return train(interactions, settings, Map.of());
  }

  /**
   * Trains warm-started: an item of {@code previousItems} (of the same dimension) starts from its
   * previous vector, a new one from the seeded random start. ALS answers are defined only up to a
   * rotation; starting the sweeps from the previous table keeps consecutive tables in one
   * coordinate space, so neighbour lists stay stable and a vector of one run is comparable with the
   * next.
   */
  public static Factors train(List<Interaction> interactions, AlsSettings settings,
                              Map<String, float[]> previousItems) {
    // Sorted maps: ids get the same row numbers and sums the same order on every run.
    Map<String, Map<String, Double>> strengths = new TreeMap<>();
    for (Interaction i : interactions) {
      strengths.computeIfAbsent(i.userId(), u -> new TreeMap<>()).merge(i.itemId(), i.strength(), Double::sum);
    }
    List<String> userIds = new ArrayList<>(strengths.keySet());
    TreeMap<String, Integer> itemRows = new TreeMap<>();
    strengths.values().forEach(m -> m.keySet().forEach(item -> itemRows.put(item, 0)));
    List<String> itemIds = new ArrayList<>(itemRows.keySet());
    for (int r = 0; r < itemIds.size(); r++) {
      itemRows.put(itemIds.get(r), r);
    }

    List<List<Entry>> byUser = new ArrayList<>();
    List<List<Entry>> byItem = new ArrayList<>();
    itemIds.forEach(id -> byItem.add(new ArrayList<>()));
    for (int u = 0; u < userIds.size(); u++) {
      List<Entry> row = new ArrayList<>();
      for (Map.Entry<String, Double> e : strengths.get(userIds.get(u)).entrySet()) {
        int item = itemRows.get(e.getKey());
        double extraConfidence = settings.alpha() * e.getValue();
        row.add(new Entry(item, extraConfidence));
        byItem.get(item).add(new Entry(u, extraConfidence));
      }
      byUser.add(row);
    }

    int d = settings.dimension();
    Random random = new Random(settings.seed());
    double[][] items = new double[itemIds.size()][d];
    double scale = 0.1 / Math.sqrt(d);
    for (int r = 0; r < items.length; r++) {
      for (int c = 0; c < d; c++) {
        items[r][c] = random.nextGaussian() * scale; // drawn for every item: new items start the same either way
      }
      float[] previous = previousItems.get(itemIds.get(r));
      if (previous != null && previous.length == d) {
        for (int c = 0; c < d; c++) {
          items[r][c] = previous[c];
        }
      }
    }
    for (int iteration = 0; iteration < settings.iterations(); iteration++) {
      double[][] users = sweep(items, byUser, settings.regularization(), d);
      items = sweep(users, byItem, settings.regularization(), d);
    }
    // Users last: each published user factor is the exact solution against the published items.
    double[][] users = sweep(items, byUser, settings.regularization(), d);
    return new Factors(named(userIds, users), named(itemIds, items));
  }

  /** One solved row per entry list, the other side's factors {@code fixed} held fixed. */
  private static double[][] sweep(double[][] fixed, List<List<Entry>> rows, double regularization, int d) {
    double[] shared = new double[d * d]; // VᵀV, lower triangle
    for (double[] v : fixed) {
      addOuter(shared, v, 1, d);
    }
    double[][] solved = new double[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      double[] a = shared.clone();
      double[] b = new double[d];
      for (Entry e : rows.get(r)) {
        double[] v = fixed[e.other()];
        addOuter(a, v, e.extraConfidence(), d);
        for (int c = 0; c < d; c++) {
          b[c] += (1 + e.extraConfidence()) * v[c]; // preference 1 where there was an interaction
        }
      }
      for (int i = 0; i < d; i++) {
        a[i * d + i] += regularization;
      }
      solved[r] = CholeskySolver.solve(a, b, d);
    }
    return solved;
  }

  private static void addOuter(double[] lower, double[] v, double weight, int d) {
    for (int r = 0; r < d; r++) {
      double wv = weight * v[r];
      for (int c = 0; c <= r; c++) {
        lower[r * d + c] += wv * v[c];
      }
    }
  }

  private static Map<String, float[]> named(List<String> ids, double[][] factors) {
    Map<String, float[]> out = new HashMap<>();
    for (int r = 0; r < ids.size(); r++) {
      float[] v = new float[factors[r].length];
      for (int c = 0; c < v.length; c++) {
        v[c] = (float) factors[r][c];
      }
      out.put(ids.get(r), v);
    }
    return out;
  }

  /** One interaction seen from a row: the other side's row and alpha·strength (c − 1). */
  private record Entry(int other, double extraConfidence) {}
}
