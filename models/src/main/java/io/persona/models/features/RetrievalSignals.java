package io.persona.models.features;

/**
 * What each retrieval source says about one candidate for one user, each scaled by that source's
 * own maximum for the user (see {@code io.persona.models.history.SourceScores}): co-occurrence with
 * the user's recent items, the user's own decayed interest in the item, its popularity, the inner
 * product with the user's folded-in ALS vector, and its trending score. A ranker learns from them how
 * much each source is worth for whom, instead of the fixed shares of a blend.
 *
 * <p>Every value is rotation-invariant: no raw embedding coordinate, so a ranker trained on one
 * embedding table can score candidates of the next.
 */
public record RetrievalSignals(double coOccurrence, double repeat, double popularity, double als, double trending) {

  /** A candidate no source scored (or a request served before any history was learned). */
  public static final RetrievalSignals NONE = new RetrievalSignals(0, 0, 0, 0, 0);
}
