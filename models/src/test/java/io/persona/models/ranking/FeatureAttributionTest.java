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
  private static final Feature.Vector ITEM_EMBEDDING =
      new Feature.Vector("item_embedding", FeatureGroup.ITEM, 1, 2, 10, s -> null);
  private static final Feature.Numeric ITEM_CTR =
      new Feature.Numeric("item_ctr", FeatureGroup.ITEM, 1, Transform.identity(0, 1), s -> 0);
  private static final Feature.Numeric AFFINITY =
      new Feature.Numeric("affinity", FeatureGroup.CROSS, 1, Transform.identity(0, 1), s -> 0);
  private static final Feature.Categorical ITEM_ID = new Feature.Categorical("item_id", FeatureGroup.ITEM, 1, s -> null);
  private static final Feature.Categorical USER_CATEGORY =
      new Feature.Categorical("user_category", FeatureGroup.USER, 1, s -> null);
  private static final Feature.Crossed USER_X_ITEM = new Feature.Crossed("user_x_item", USER_CATEGORY, ITEM_ID);
  private static final FeatureSpec SPEC = new FeatureSpec("attribution-test",
      List.of(USER_ACTIVITY, ITEM_EMBEDDING, ITEM_CTR, AFFINITY, ITEM_ID, USER_CATEGORY, USER_X_ITEM), 1 << 10, 7,
      ProfileSettings.defaults());

  /**
   * A known scorer over the columns user_activity, item_embedding[0..1], item_ctr, affinity (dense)
   * and item_id, user_category, user_x_item (sparse): 0.5 ctr + 0.1 user + 0.3 ctr × affinity +
   * 0.05 (e0 + e1), plus 0.2 for a known item id and 0.07 for a known cross.
   */
  private static final class KnownRanker implements Ranker {
    @Override
    public ModelMetadata metadata() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Scores score(FeatureBatch batch) {
      double[] scores = new double[batch.rows()];
      float[] d = batch.denseValues();
      long[] s = batch.sparseIds();
      for (int r = 0; r < batch.rows(); r++) {
        double ctr = d[r * 5 + 3];
        scores[r] = 0.5 * ctr + 0.1 * d[r * 5] + 0.3 * ctr * d[r * 5 + 4] + 0.05 * (d[r * 5 + 1] + d[r * 5 + 2])
            + (s[r * 3] == SPEC.missingId(ITEM_ID) ? 0 : 0.2) + (s[r * 3 + 2] == SPEC.missingId(USER_X_ITEM) ? 0 : 0.07);
      }
      return new Scores(scores.clone(), scores, scores.clone());
    }

    @Override
    public void close() {}
  }

  private static FeatureBatch candidates() {
    float[] dense = {
        0.9f, 1.0f, 0.0f, 1.0f, 1.0f, // a
        0.9f, 0.0f, 0.0f, 0.0f, 0.0f}; // b
    long[] sparse = {11, 5, 21, 12, 5, SPEC.missingId(USER_X_ITEM)};
    return new FeatureBatch(2, 5, 3, dense, sparse, new String[] {"a", "b"});
  }

  private static List<String> names(List<FeatureAttribution.Effect> effects) {
    return effects.stream().map(FeatureAttribution.Effect::feature).toList();
  }

  @Test
  void eachItemOrCrossFeatureLeftOutInTurnAgainstTheAverageCandidate() {
    assertEquals(List.of(5, 3), List.of(SPEC.denseWidth(), SPEC.sparseWidth()));
    assertTrue(SPEC.missingId(ITEM_ID) != 11 && SPEC.missingId(ITEM_ID) != 12 && SPEC.missingId(USER_X_ITEM) != 21);
    List<List<FeatureAttribution.Effect>> explained =
        FeatureAttribution.of(SPEC, new KnownRanker(), candidates(), new int[] {0, 1}, 5);

    // a scores 0.5 + 0.09 + 0.3 + 0.05 + 0.2 + 0.07. Left out in turn: item_ctr at the mean 0.5 takes
    // 0.25 and half the cross term (0.15); the id unknown 0.2; affinity at 0.5 0.15; the cross unknown
    // 0.07; the embedding at its mean (0.5, 0) 0.025. The user's features are never tried.
    List<FeatureAttribution.Effect> a = explained.get(0);
    assertEquals(List.of("item_ctr", "item_id", "affinity", "user_x_item", "item_embedding"), names(a));
    double[] expected = {0.4, 0.2, 0.15, 0.07, 0.025};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], a.get(i).effect(), 1e-6, a.get(i).feature());
    }

    // b has a ctr, an affinity and an embedding of 0, and an unknown cross already: at the means it
    // would score 0.25 and 0.025 more; its affinity changes nothing while its ctr is 0, nor its cross
    List<FeatureAttribution.Effect> b = explained.get(1);
    assertEquals(List.of("item_ctr", "item_id", "item_embedding"), names(b));
    assertEquals(-0.25, b.get(0).effect(), 1e-6);
    assertEquals(0.2, b.get(1).effect(), 1e-6);
    assertEquals(-0.025, b.get(2).effect(), 1e-6);
  }

  @Test
  void onlyTheLargestAreKeptAndOnlyTheRowsAsked() {
    List<List<FeatureAttribution.Effect>> explained =
        FeatureAttribution.of(SPEC, new KnownRanker(), candidates(), new int[] {1}, 1);
    assertEquals(1, explained.size());
    assertEquals(List.of("item_ctr"), names(explained.get(0)));
    assertEquals(List.of(), FeatureAttribution.of(SPEC, new KnownRanker(), candidates(), new int[0], 5));
  }
}
