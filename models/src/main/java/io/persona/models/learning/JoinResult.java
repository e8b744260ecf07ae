package io.persona.models.learning;

import java.util.List;

/**
 * The examples of one owned interval, in (servedAt, requestId, position) order, and what the join
 * counted on the way.
 */
public record JoinResult(List<TrainingExample> examples, JoinCounts counts) {

  public JoinResult {
    examples = List.copyOf(examples);
  }
}
