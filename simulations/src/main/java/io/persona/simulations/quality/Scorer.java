package io.persona.simulations.quality;

/** A trained recommender: scores every item of the catalog for one user. Thread-safe. */
@FunctionalInterface
public interface Scorer {

  /**
   * Writes a score for every item into {@code scores} (one slot per item of the dataset; higher is
   * better). The caller has filled it with zeros; slots left at 0 are ties, broken by popularity.
   */
  void score(int user, double[] scores);
}
