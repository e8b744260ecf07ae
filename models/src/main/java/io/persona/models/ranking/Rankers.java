package io.persona.models.ranking;

import io.persona.models.artifact.InvalidArtifactException;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.network.LogisticArchitecture;

/** Turns an artifact into a serving ranker, refusing models that do not fit the running features. */
public final class Rankers {

  private Rankers() {}

  public static Ranker load(ModelArtifact artifact, FeatureSpec runningSpec) {
    artifact.requireFeatures(runningSpec.fingerprint());
    String kind = artifact.metadata().kind();
    if (PopularityRanker.KIND.equals(kind)) {
      return new PopularityRanker(artifact);
    }
    if (DcnV2Architecture.KIND.equals(kind) || LogisticArchitecture.KIND.equals(kind)) {
      return new NetworkRanker(artifact, runningSpec);
    }
    throw new InvalidArtifactException("model " + artifact.version() + " has unknown kind '" + kind + "'");
  }
}
