package io.persona.models.ranking.network;

import ai.djl.nn.Block;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.persona.models.features.FeatureSpec;

/** The shape of a trainable ranker, stored in its artifact so that loading rebuilds the same network. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DcnV2Architecture.class, name = DcnV2Architecture.KIND),
    @JsonSubTypes.Type(value = LogisticArchitecture.class, name = LogisticArchitecture.KIND)
})
public sealed interface NetworkArchitecture permits DcnV2Architecture, LogisticArchitecture {

  /** Name used in artifacts, logs and responses. */
  String kind();

  /** A fresh, uninitialized network for inputs laid out by {@code spec}. */
  Block newNetwork(FeatureSpec spec);
}
