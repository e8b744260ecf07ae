package io.persona.models.retrieval;

import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A user's embedding in the item embedding space, found the way implicit-feedback ALS finds a
 * user factor with the item factors held fixed: the u minimizing
 * Σ c_i (p_i − u·v_i)² + λ|u|² over the items the user has an affinity with, i.e. the solution of
 * (VᵀCV + λI) u = VᵀC p.
 *
 * <p>Confidence c_i = 1 + confidenceScale·|a_i| grows with the item's affinity a_i decayed to now;
 * preference p_i is 1 for a positive affinity and 0 for a negative one (a low rating), so disliked
 * items push the user away rather than towards them. Items without an embedding are skipped.
 *
 * <p>Replay-safe: nothing here is state. The embedding is a function of the persisted affinities
 * (rebuilt exactly by replaying the user's events) and of the item embeddings current at request
 * time, recomputed per request, so it reflects the user's last event and the latest item
 * embeddings at once, and no user vector has to be stored, migrated or kept in sync with a model.
 * The cost is a d×d solve per request (microseconds for the tens of dimensions used here).
 */
public final class EmbeddingFoldIn {
  private final int dimension;
  private final double regularization;
  private final double confidenceScale;

  /**
   * @param regularization  λ, positive: it keeps the system solvable when the user has fewer
   *                        items than dimensions, and the embedding small when evidence is thin
   * @param confidenceScale how much more an item counts per unit of affinity
   */
  public EmbeddingFoldIn(int dimension, double regularization, double confidenceScale) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive");
    }
    if (!(regularization > 0) || !Double.isFinite(regularization)) {
      throw new IllegalArgumentException("regularization must be positive and finite, was " + regularization);
    }
    if (!(confidenceScale >= 0) || !Double.isFinite(confidenceScale)) {
      throw new IllegalArgumentException("confidenceScale must be finite and not negative, was " + confidenceScale);
    }
    this.dimension = dimension;
    this.regularization = regularization;
    this.confidenceScale = confidenceScale;
  }

  /**
   * The user's embedding at {@code now}, or null when none of the items with a positive affinity
   * has an embedding (there is nothing to point the user towards).
   *
   * @param itemEmbedding the current embedding of an item, null if it has none
   * @throws IllegalArgumentException if an item embedding has another dimension
   */
  public float[] foldIn(UserProfile profile, Function<String, float[]> itemEmbedding, Instant now,
                        ProfileSettings profileSettings) {
    long nowMillis = now.toEpochMilli();
    long halfLifeMillis = profileSettings.halfLife().toMillis();
    int d = dimension;
    double[] gram = new double[d * d]; // VᵀCV, row-major, lower triangle filled
    double[] rhs = new double[d];      // VᵀCp
    boolean anyPositive = false;

    // Summed in item order: the profile's map iterates in a per-JVM order, and floating-point sums
    // in another order would give a (slightly) different embedding for the same profile.
    List<String> items = new ArrayList<>(profile.itemAffinities().keySet());
    items.sort(null);
    Map<String, DecayedScore> affinities = profile.itemAffinities();
    for (String itemId : items) {
      float[] v = itemEmbedding.apply(itemId);
      if (v == null) {
        continue;
      }
      if (v.length != d) {
        throw new IllegalArgumentException(
            "item " + itemId + " has a " + v.length + "-dimensional embedding, expected " + d);
      }
      double affinity = affinities.get(itemId).valueAt(nowMillis, halfLifeMillis);
      double confidence = 1 + confidenceScale * Math.abs(affinity);
      for (int r = 0; r < d; r++) {
        double cv = confidence * v[r];
        for (int c = 0; c <= r; c++) {
          gram[r * d + c] += cv * v[c];
        }
        if (affinity > 0) {
          rhs[r] += cv;
        }
      }
      anyPositive |= affinity > 0;
    }
    if (!anyPositive) {
      return null;
    }
    for (int i = 0; i < d; i++) {
      gram[i * d + i] += regularization;
    }
    double[] u = CholeskySolver.solve(gram, rhs, d);
    float[] result = new float[d];
    for (int i = 0; i < d; i++) {
      result[i] = (float) u[i];
    }
    return result;
  }
}
