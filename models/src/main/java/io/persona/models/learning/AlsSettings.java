package io.persona.models.learning;

/**
 * @param dimension      embedding width; must match the item index and {@code EmbeddingFoldIn}
 * @param iterations     alternations (users, then items); implicit ALS settles in 10-20
 * @param regularization λ, positive: keeps every system solvable and factors of rare ids small
 * @param alpha          confidence per unit of strength: c = 1 + alpha·strength (Hu et al. found
 *                       ~40 for raw counts); use the same value as the fold-in's confidence scale
 *                       so that folded-in users live in the space items were trained for
 * @param seed           initial item factors: the same interactions and seed give the same factors
 */
public record AlsSettings(int dimension, int iterations, double regularization, double alpha, long seed) {

  public AlsSettings {
    if (dimension < 1 || iterations < 1) {
      throw new IllegalArgumentException("dimension and iterations must be positive: " + this);
    }
    if (!(regularization > 0) || !Double.isFinite(regularization)) {
      throw new IllegalArgumentException("regularization must be positive and finite, was " + regularization);
    }
    if (!(alpha >= 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and not negative, was " + alpha);
    }
  }
}
