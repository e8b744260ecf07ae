package io.persona.models.retrieval;

import java.util.Objects;

/**
 * An item proposed for ranking, with the source that proposed it and that source's score. The
 * source travels with the candidate so that the ranker and the slate log can tell them apart.
 */
public record Candidate(String itemId, CandidateSource source, double sourceScore) {

  public Candidate {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(source, "source");
  }
}
