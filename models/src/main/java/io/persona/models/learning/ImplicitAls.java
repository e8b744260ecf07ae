package io.persona.models.learning;

import io.persona.models.retrieval.CholeskySolver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
 * <p>The interactions are held as an {@link InteractionMatrix} (primitive arrays, 24 bytes a pair),
 * built while a training job pages them in.
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

  /** As {@link #train(InteractionMatrix, AlsSettings, Map)}, the strengths of a repeated pair summed. */
  public static Factors train(List<Interaction> interactions, AlsSettings settings,
                              Map<String, float[]> previousItems) {
    return train(InteractionMatrix.of(interactions), settings, previousItems);
  }

  /**
   * Trains warm-started: an item of {@code previousItems} (of the same dimension) starts from its
   * previous vector, a new one from the seeded random start. ALS answers are defined only up to a
   * rotation; starting the sweeps from the previous table keeps consecutive tables in one
   * coordinate space, so neighbour lists stay stable and a vector of one run is comparable with the
   * next.
   */
  public static Factors train(InteractionMatrix matrix, AlsSettings settings, Map<String, float[]> previousItems) {
    int d = settings.dimension();
    Random random = new Random(settings.seed());
    double[][] items = new double[matrix.items()][d];
    double scale = 0.1 / Math.sqrt(d);
    for (int r = 0; r < items.length; r++) {
      for (int c = 0; c < d; c++) {
        items[r][c] = random.nextGaussian() * scale; // drawn for every item: new items start the same either way
      }
      float[] previous = previousItems.get(matrix.itemId(r));
      if (previous != null && previous.length == d) {
        for (int c = 0; c < d; c++) {
          items[r][c] = previous[c];
        }
      }
    }
    double alpha = settings.alpha();
    for (int iteration = 0; iteration < settings.iterations(); iteration++) {
      double[][] users = sweep(items, matrix.byUser(), alpha, settings.regularization(), d);
      items = sweep(users, matrix.byItem(), alpha, settings.regularization(), d);
    }
    // Users last: each published user factor is the exact solution against the published items.
    double[][] users = sweep(items, matrix.byUser(), alpha, settings.regularization(), d);
    Map<String, float[]> userFactors = new HashMap<>();
    for (int r = 0; r < users.length; r++) {
      userFactors.put(matrix.userId(r), toFloats(users[r]));
    }
    Map<String, float[]> itemFactors = new HashMap<>();
    for (int r = 0; r < items.length; r++) {
      itemFactors.put(matrix.itemId(r), toFloats(items[r]));
    }
    return new Factors(userFactors, itemFactors);
  }

  /** One solved row per row of {@code rows}, the other side's factors {@code fixed} held fixed. */
  private static double[][] sweep(double[][] fixed, InteractionMatrix.Rows rows, double alpha, double regularization,
                                  int d) {
    double[] shared = new double[d * d]; // VᵀV, lower triangle
    for (double[] v : fixed) {
      addOuter(shared, v, 1, d);
    }
    double[][] solved = new double[rows.count()][];
    int[] start = rows.start();
    for (int r = 0; r < solved.length; r++) {
      double[] a = shared.clone();
      double[] b = new double[d];
      for (int k = start[r]; k < start[r + 1]; k++) {
        double[] v = fixed[rows.other()[k]];
        double extraConfidence = alpha * rows.strength()[k]; // c − 1
        addOuter(a, v, extraConfidence, d);
        for (int c = 0; c < d; c++) {
          b[c] += (1 + extraConfidence) * v[c]; // preference 1 where there was an interaction
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

  private static float[] toFloats(double[] factor) {
    float[] v = new float[factor.length];
    for (int c = 0; c < v.length; c++) {
      v[c] = (float) factor[c];
    }
    return v;
  }
}
