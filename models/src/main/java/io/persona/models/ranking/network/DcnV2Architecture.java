package io.persona.models.ranking.network;

import ai.djl.nn.Block;
import io.persona.models.features.FeatureSpec;

import java.util.List;

/**
 * @param embeddingDimension width of each categorical id's embedding
 * @param crossLayers        number of cross layers (interaction degree + 1)
 * @param crossRank          rank of each cross matrix; 0 means full rank
 * @param deepLayers         units of each ReLU layer of the deep tower, may be empty
 */
public record DcnV2Architecture(int embeddingDimension, int crossLayers, int crossRank, List<Integer> deepLayers)
    implements NetworkArchitecture {
  public static final String KIND = "dcn-v2";

  public DcnV2Architecture {
    deepLayers = List.copyOf(deepLayers);
    if (embeddingDimension < 1 || crossLayers < 0 || crossRank < 0 || deepLayers.stream().anyMatch(u -> u < 1)) {
      throw new IllegalArgumentException("DCN sizes must be positive (cross layers and rank may be 0): " + this);
    }
  }

  /** Sized so that scoring 500 candidates stays in low single-digit milliseconds on one core. */
  public static DcnV2Architecture defaults() {
    return new DcnV2Architecture(8, 2, 32, List.of(128, 64));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Block newNetwork(FeatureSpec spec) {
    return new DcnV2Network(spec.denseWidth(), spec.sparseWidth(), spec.hashBuckets(), this);
  }
}
