package io.persona.models.ranking.training;

import io.persona.models.artifact.ModelArtifact;

import java.time.Instant;

/**
 * Where a new model comes from.
 *
 * @param version   the new model's version name
 * @param parent    the model to warm-start from (same kind, same features), or null
 * @param dataFrom  time of the oldest example
 * @param dataTo    time of the newest example
 */
public record ModelLineage(String version, ModelArtifact parent, Instant dataFrom, Instant dataTo) {

  public static ModelLineage fresh(String version) {
    return new ModelLineage(version, null, null, null);
  }
}
