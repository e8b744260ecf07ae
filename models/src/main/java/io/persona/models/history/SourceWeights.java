package io.persona.models.history;

/**
 * How much each retrieval source counts when candidates are ordered without a trained ranker: each
 * source's scores are first scaled to a maximum of 1 over the user's candidates (so weights compare
 * whatever a source's units), then summed with these weights. A weight of 0 leaves a source out.
 *
 * @param coOccurrence items that co-occur with the user's recent items
 * @param repeat       the user's own items by decayed affinity (only where seen items may come back)
 * @param popularity   time-decayed popularity
 * @param als          the inner product of the user's fold-in and the item's ALS vector
 * @param trending     recent popularity (the trending half-life, hours rather than weeks)
 */
public record SourceWeights(double coOccurrence, double repeat, double popularity, double als, double trending) {

  public SourceWeights {
    for (double w : new double[] {coOccurrence, repeat, popularity, als, trending}) {
      if (!(w >= 0) || !Double.isFinite(w)) {
        throw new IllegalArgumentException("source weights must be finite and not negative: " + coOccurrence
            + ", " + repeat + ", " + popularity + ", " + als + ", " + trending);
      }
    }
  }

  /** The weights as an array, in the order of {@link SourceScores}' sources. */
  double[] values() {
    return new double[] {coOccurrence, repeat, popularity, als, trending};
  }

  static SourceWeights of(double[] w) {
    return new SourceWeights(w[0], w[1], w[2], w[3], w[4]);
  }
}
