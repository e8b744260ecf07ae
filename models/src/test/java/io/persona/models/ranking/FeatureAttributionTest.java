package io.persona.models.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.artifact.ModelMetadata;
import io.persona.models.features.Feature;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureGroup;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.Transform;
import io.persona.models.profile.ProfileSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureAttributionTest {
  private static final Feature.Numeric USER_ACTIVITY =
      new Feature.Numeric("user_activity", FeatureGroup.USER, 1, Transform.identity(0, 1), s -> 0);
  private static final Feature.Numeric ITEM_CTR =
      new Feature.Numeric("item_ctr", FeatureGroup.ITEM, 1, Transform.identity(0, 1), s -> 0);
  private static final Feature.Numeric AFFINITY =
      new Feature.Numeric("affinity", FeatureGroup.CROSS, 1, Transform.identity(0, 1), s -> 0);
  private static final Feature.Categorical ITEM_ID = new Feature.Categorical("item_id", FeatureGroup.ITEM, 1, s -> null);
  private static final FeatureSpec SPEC = new FeatureSpec("attribution-test",
      List.of(USER_ACTIVITY, ITEM_CTR, AFFINITY, ITEM_ID), 1 << 10, 7, ProfileSettings.defaults());

  /**
   * A known scorer: 0.5 x item_ctr + 0.1 x user_activity + 0.3 x item_ctr x affinity, plus 0.2 for a
   * known item id (any id but the missing one).
   */
  private static final class KnownRanker implements Ranker {
    @Override
    public ModelMetadata metadata() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Scores score(FeatureBatch batch) {
      double[] scores = new double[batch.rows()];
      long missing = SPEC.missingId(ITEM_ID);
      for (int r = 0; r < batch.rows(); r++) {
        float user = batch.denseValues()[r * 3];
        float ctr = batch.denseValues()[r * 3 + 1];
        float affinity = batch.denseValues()[r * 3 + 2];
        scores[r] = 0.5 * ctr + 0.1 * user + 0.3 * ctr * affinity + (batch.sparseIds()[r] == missing ? 0 : 0.2);
      }
      return new Scores(scores.clone(), scores, scores.clone());
    }

    @Override
    public void close() {}
  }

  private static FeatureBatch candidates() {
    // user_activity, item_ctr, affinity per row; the item ids 11 and 12 (neither is the missing id)
    float[] dense = {0.9f, 1.0f, 1.0f, 0.9f, 0.0f, 0.0f};
    long[] sparse = {11, 12};
    return new FeatureBatch(2, 3, 1, dense, sparse, new String[] {"a", "b"});
  }

  @Test
  void eachItemOrCrossFeatureLeftOutInTurnAgainstTheAverageCandidate() {
    assertTrue(SPEC.missingId(ITEM_ID) != 11 && SPEC.missingId(ITEM_ID) != 12);
    List<List<FeatureAttribution.Effect>> explained =
        FeatureAttribution.of(SPEC, new KnownRanker(), candidates(), new int[] {0, 1}, 5);

    // row a: 0.5 + 0.09 + 0.3 + 0.2 = 1.09. item_ctr at the mean 0.5: 0.25 + 0.09 + 0.15 + 0.2, so
    // 0.4 less; affinity at 0.5: 0.15 less; the id unknown: 0.2 less. user_activity is never tried.
    List<FeatureAttribution.Effect> a = explained.get(0);
    assertEquals(List.of("item_ctr", "item_id", "affinity"), a.stream().map(FeatureAttribution.Effect::feature).toList());
    assertEquals(0.4, a.get(0).effect(), 1e-6);
    assertEquals(0.2, a.get(1).effect(), 1e-6);
    assertEquals(0.15, a.get(2).effect(), 1e-6);

    // row b: ctr 0 and affinity 0; at the means it would score 0.25 + 0.3 x 0.5 x 0 = 0.25 more for
    // the ctr, and nothing for the affinity (its ctr is 0): affinity is not reported
    List<FeatureAttribution.Effect> b = explained.get(1);
    assertEquals(List.of("item_ctr", "item_id"), b.stream().map(FeatureAttribution.Effect::feature).toList());
    assertEquals(-0.25, b.get(0).effect(), 1e-6);
    assertEquals(0.2, b.get(1).effect(), 1e-6);
  }

  @Test
  void onlyTheLargestAreKeptAndOnlyTheRowsAsked() {
    List<List<FeatureAttribution.Effect>> explained =
        FeatureAttribution.of(SPEC, new KnownRanker(), candidates(), new int[] {0}, 1);
    assertEquals(1, explained.size());
    assertEquals(List.of(new FeatureAttribution.Effect("item_ctr", explained.get(0).get(0).effect())), explained.get(0));
  }
}
