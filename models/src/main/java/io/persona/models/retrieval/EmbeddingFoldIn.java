package io.persona.models.retrieval;

import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A user's embedding in the item embedding space, found exactly the way implicit-feedback ALS
 * ({@link io.persona.models.learning.ImplicitAls}) finds a user factor with the item factors held
 * fixed: the u minimizing Σ_i c_i (p_i − u·v_i)² + λ|u|² over every trained item, i.e. the
 * solution of (VᵀV + Vᵀ(C − I)V + λI) u = VᵀC p.
 *
 * <p>VᵀV (every trained item at confidence 1 and preference 0) comes precomputed from an
 * {@link ItemGram}; the rest sums over the user's own items only. The user's strength s_i of an
 * item gives confidence c_i = 1 + α·|scale(s_i)| and preference p_i = 1 for s_i &gt; 0, 0 otherwise (a low
 * rating pushes the user away). With the training's λ and α and the training's strengths, the
 * result is the ALS user factor; served from a live profile, the strengths are the profile's
 * positive affinities decayed to now, so recent interests weigh more than the training's
 * horizon-wide sums (its dislikes enter as training saw them, see the profile method).
 * An item the user touched whose vector is not part of VᵀV (a cold-start vector) counts with its
 * whole confidence. Items without an embedding are skipped.
 *
 * <p>Replay-safe: nothing here is state. The embedding is a function of the persisted affinities
 * and of the item embeddings current at request time, recomputed per request (a d×d solve), so it
 * reflects the user's last event and the latest item table at once.
 */
public final class EmbeddingFoldIn {
  private final int dimension;
  private final double regularization;
  private final double alpha;
  private final StrengthScale scale;

  /** Raw strengths: {@link #EmbeddingFoldIn(int, double, double, StrengthScale)}. */
  public EmbeddingFoldIn(int dimension, double regularization, double alpha) {
    this(dimension, regularization, alpha, StrengthScale.RAW);
  }

  /**
   * @param regularization λ, positive: the training's, and what keeps the system solvable
   * @param alpha          confidence per unit of scaled strength: the training's α
   * @param scale          how strengths are scaled before they become confidence: the training's
   */
  public EmbeddingFoldIn(int dimension, double regularization, double alpha, StrengthScale scale) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive");
    }
    if (!(regularization > 0) || !Double.isFinite(regularization)) {
      throw new IllegalArgumentException("regularization must be positive and finite, was " + regularization);
    }
    if (!(alpha >= 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and not negative, was " + alpha);
    }
    this.dimension = dimension;
    this.regularization = regularization;
    this.alpha = alpha;
    this.scale = java.util.Objects.requireNonNull(scale, "scale");
  }

  /**
   * The user's embedding from the profile's item affinities decayed to {@code now}.
   *
   * <p>A profile affinity can be 0 or negative (a rating at or below the profile's neutral value:
   * a dislike, which ranking features keep). The embedding training knows no dislikes: every
   * interaction it keeps is a positive preference, a low rating one of {@code lowStrength}. So an
   * item the profile holds at or below 0 enters the fold-in as training saw it, at
   * {@code lowStrength} decayed as the profile decays its likes, or not at all when that is 0
   * (training did not keep it either). Without this, a user who rated many films low was pushed
   * away from the very part of the space training put them in.
   *
   * @param lowStrength the training's strength of a rating below its threshold
   */
  public float[] foldIn(UserProfile profile, Function<String, float[]> itemEmbedding, ItemGram.Snapshot gram,
                        Instant now, ProfileSettings profileSettings, double lowStrength) {
    long nowMillis = now.toEpochMilli();
    long halfLifeMillis = profileSettings.halfLife().toMillis();
    Map<String, Double> strengths = new TreeMap<>();
    for (Map.Entry<String, DecayedScore> e : profile.itemAffinities().entrySet()) {
      double affinity = e.getValue().valueAt(nowMillis, halfLifeMillis);
      if (affinity > 0) {
        strengths.put(e.getKey(), affinity);
      } else if (lowStrength > 0) {
        strengths.put(e.getKey(), lowStrength * e.getValue().decayAt(nowMillis, halfLifeMillis));
      }
    }
    return foldIn(strengths, itemEmbedding, gram);
  }

  /**
   * The user's embedding from strengths by item, or null when no item with a positive strength has
   * an embedding (there is nothing to point the user towards).
   *
   * @throws IllegalArgumentException if an item embedding has another dimension
   */
  public float[] foldIn(Map<String, Double> strengths, Function<String, float[]> itemEmbedding,
                        ItemGram.Snapshot gram) {
    int d = dimension;
    if (gram.lowerTriangle().length != d * d) {
      throw new IllegalArgumentException("the Gram matrix is not " + d + "×" + d);
    }
    double[] a = gram.lowerTriangle().clone(); // VᵀV, then + Vᵀ(C − I)V over the user's items
    double[] rhs = new double[d];              // VᵀCp
    boolean anyPositive = false;
    // Summed in item order: floating-point sums in another order would give a (slightly)
    // different embedding for the same profile on another node.
    for (Map.Entry<String, Double> e : new TreeMap<>(strengths).entrySet()) {
      String itemId = e.getKey();
      float[] v = itemEmbedding.apply(itemId);
      if (v == null) {
        continue;
      }
      if (v.length != d) {
        throw new IllegalArgumentException(
            "item " + itemId + " has a " + v.length + "-dimensional embedding, expected " + d);
      }
      double strength = e.getValue();
      double confidence = 1 + alpha * Math.abs(scale.apply(strength));
      double extra = gram.covers(itemId) ? confidence - 1 : confidence;
      for (int r = 0; r < d; r++) {
        double ev = extra * v[r];
        for (int c = 0; c <= r; c++) {
          a[r * d + c] += ev * v[c];
        }
        if (strength > 0) {
          rhs[r] += confidence * v[r];
        }
      }
      anyPositive |= strength > 0;
    }
    if (!anyPositive) {
      return null;
    }
    for (int i = 0; i < d; i++) {
      a[i * d + i] += regularization;
    }
    double[] u = CholeskySolver.solve(a, rhs, d);
    float[] result = new float[d];
    for (int i = 0; i < d; i++) {
      result[i] = (float) u[i];
    }
    return result;
  }
}
