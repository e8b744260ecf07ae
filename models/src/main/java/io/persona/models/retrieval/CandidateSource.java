package io.persona.models.retrieval;

/**
 * Where a candidate came from. The declaration order is the merge priority: when two sources
 * propose the same item, the candidate keeps the earlier one (see {@link CandidateMerger}).
 */
public enum CandidateSource {
  /** Items the user interacted with before, by decayed affinity (only when seen items may come back). */
  REPEAT("repeat"),
  /** Items that co-occur with the user's recent items in everyone's history (the history model). */
  HISTORY("history"),
  /** Nearest item embeddings to the user's embedding. */
  ANN("ann"),
  /** Items seen together with the user's recent items in other sessions. */
  CO_VISITATION("co_visitation"),
  /** The most popular items (time-decayed, the history model) of the categories the user likes most. */
  CATEGORY_POPULAR("category_popular"),
  /** The most popular items of the whole history, time-decayed (the history model). */
  POPULAR("popular"),
  /** Items with the most recent interactions overall. */
  TRENDING("trending"),
  /** The newest items of the catalog, so new items get a chance to be seen. */
  FRESH("fresh"),
  /** Items the caller sent to be ranked (a search or category page), not retrieved. */
  REQUEST("request"),
  /** An item an operator's rule pins to a slot, added when no source proposed it (see io.persona.models.rules). */
  PINNED("pinned");

  private final String label;

  CandidateSource(String label) {
    this.label = label;
  }

  /** The name used in logs, metrics and served slates. */
  public String label() {
    return label;
  }
}
