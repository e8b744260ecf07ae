package io.persona.models.retrieval;

/**
 * Where a candidate came from. The declaration order is the merge priority: when two sources
 * propose the same item, the candidate keeps the earlier one (see {@link CandidateMerger}).
 */
public enum CandidateSource {
  /** Nearest item embeddings to the user's embedding. */
  ANN("ann"),
  /** Items seen together with the user's recent items in other sessions. */
  CO_VISITATION("co_visitation"),
  /** Items with the most recent interactions overall. */
  TRENDING("trending"),
  /** The newest items of the catalog, so new items get a chance to be seen. */
  FRESH("fresh");

  private final String label;

  CandidateSource(String label) {
    this.label = label;
  }

  /** The name used in logs, metrics and served slates. */
  public String label() {
    return label;
  }
}
