package io.persona.actors.model;

import io.persona.models.artifact.ModelArtifact;

import java.util.Optional;

/** Where a node finds the models it should serve: the model registry, seen from the actors. */
public interface ModelSource {
  /** The current champion's version, if one was ever promoted. Blocking. */
  Optional<String> championVersion();

  /** The newest challenger's version, if there is one. Blocking. */
  Optional<String> challengerVersion();

  /** The artifact of a registered version. Blocking. */
  Optional<ModelArtifact> load(String version);
}
