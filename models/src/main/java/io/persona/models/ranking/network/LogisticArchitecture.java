package io.persona.models.ranking.network;

import ai.djl.nn.Block;
import io.persona.models.features.FeatureSpec;

/** Logistic regression with the spec's hand-declared crosses. */
public record LogisticArchitecture() implements NetworkArchitecture {
  public static final String KIND = "logistic";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Block newNetwork(FeatureSpec spec) {
    return new LogisticNetwork(spec.hashBuckets());
  }
}
