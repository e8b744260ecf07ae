package io.persona.actors.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.persona.models.features.RetrievalSignals;
import io.persona.models.history.SourceWeights;
import io.persona.models.ranking.FeatureAttribution;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemExplanationsTest {

  @Test
  void theBlendsPartsAreEachSourcesShareTimesItsScoreLargestFirstAndAddUpToTheBlendScore() {
    SourceWeights weights = new SourceWeights(0.6, 0, 0.3, 0.1, 0);
    RetrievalSignals signals = new RetrievalSignals(1.0, 0.5, 0.2, -0.4, 0.9);

    List<FeatureAttribution.Effect> parts = ItemExplanations.blendParts(signals, weights);

    assertEquals(List.of("retrieval_co_occurrence", "retrieval_popularity", "retrieval_als"),
        parts.stream().map(FeatureAttribution.Effect::feature).toList(), "sources with no share add nothing");
    assertEquals(0.6, parts.get(0).effect(), 1e-12);
    assertEquals(0.06, parts.get(1).effect(), 1e-12);
    assertEquals(-0.04, parts.get(2).effect(), 1e-12, "a negative ALS score lowers the item");
    double blend = 0.6 * 1.0 + 0.3 * 0.2 + 0.1 * -0.4;
    assertEquals(blend, parts.stream().mapToDouble(FeatureAttribution.Effect::effect).sum(), 1e-12);
  }
}
