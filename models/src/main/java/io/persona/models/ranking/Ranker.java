package io.persona.models.ranking;

import io.persona.models.artifact.ModelMetadata;
import io.persona.models.features.FeatureBatch;

/**
 * Scores all candidates of one request in one call. Implementations are safe to call from many
 * threads at once; each thread gets its own native predictor.
 */
public interface Ranker extends AutoCloseable {

  ModelMetadata metadata();

  default String version() {
    return metadata().version();
  }

  default String kind() {
    return metadata().kind();
  }

  Scores score(FeatureBatch candidates);

  /** Releases native memory; scoring afterwards fails. */
  @Override
  void close();
}
