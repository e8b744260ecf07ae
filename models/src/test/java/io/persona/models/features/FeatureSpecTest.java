package io.persona.models.features;

import io.persona.models.catalog.Item;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureSpecTest {
  private static final Instant NOW = Instant.parse("2026-11-21T18:30:00Z");
  private static final ProfileSettings POLICY = ProfileSettings.defaults();

  private final FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), POLICY);
  /** With the embedding coordinates as features (off by default). */
  private final FeatureSpec raw = StandardFeatures.spec(StandardFeatures.Settings.defaults().withRawEmbeddings(true), POLICY);

  private static UserProfile profileWithHistory() {
    UserProfile p = UserProfile.empty("u1");
    p = p.apply(new UserEvent("e1", "u1", "view", "shoe-1", NOW.minus(Duration.ofHours(5)), null, null, Map.of()), "shoes", POLICY);
    p = p.apply(new UserEvent("e2", "u1", "purchase", "shoe-2", NOW.minus(Duration.ofHours(2)), null, null, Map.of()), "shoes", POLICY);
    return p.apply(new UserEvent("e3", "u1", "view", "hat-1", NOW.minus(Duration.ofHours(1)), null, null, Map.of()), "hats", POLICY);
  }

  private static ItemInput item(String id, String category, float[] embedding) {
    return new ItemInput(new Item(id, "", category, List.of("red", "summer"), Map.of(), true, NOW.minus(Duration.ofDays(9))),
        new ItemStats(1_000, 30, 12.5), embedding);
  }

  private float dense(FeatureVector v, String column) {
    List<String> columns = v.dense().length == spec.denseWidth() ? spec.denseColumns() : raw.denseColumns();
    return v.dense()[columns.indexOf(column)];
  }

  @Test
  void encodingIsDeterministicAndBatchRowsEqualSingleRows() {
    UserInput user = new UserInput(profileWithHistory(), new float[16]);
    RequestContext context = new RequestContext(NOW, null, "mobile", 2, Map.of());
    List<ItemInput> items = List.of(item("shoe-1", "shoes", null), item("hat-9", "hats", null), item("new-1", "bags", null));

    FeatureBatch batch = spec.encodeBatch(user, items, context);
    for (int r = 0; r < items.size(); r++) {
      assertEquals(spec.encode(user, items.get(r), context), batch.row(r));
      assertEquals(spec.encode(user, items.get(r), context), spec.encode(user, items.get(r), context));
    }
    assertEquals(spec.denseWidth(), batch.denseWidth());
    assertEquals(spec.sparseWidth(), batch.sparseWidth());
  }

  /** Serving encodes only a slate's rows where the history blend orders: they must be the rows of the whole batch. */
  @Test
  void aBatchOfSomeCandidatesHoldsTheSameRowsAsTheBatchOfAll() {
    UserInput user = new UserInput(profileWithHistory(), new float[16]);
    RequestContext context = new RequestContext(NOW, null, "mobile", 2, Map.of());
    List<ItemInput> all = List.of(item("shoe-1", "shoes", new float[16]), item("hat-9", "hats", null),
        item("new-1", "bags", null), item("shoe-2", "shoes", null));

    FeatureBatch every = spec.encodeBatch(user, all, context);
    FeatureBatch shown = spec.encodeBatch(user, List.of(all.get(3), all.get(1)), context);
    assertEquals(every.row(3), shown.row(0), "the first row of the smaller batch copies no other row's columns");
    assertEquals(every.row(1), shown.row(1));
    assertEquals("shoe-2", shown.key(0));
  }

  @Test
  void aRowScoredAtTheRequestsSlotIsMovedToTheSlotItWasShownIn() {
    UserInput user = new UserInput(profileWithHistory(), new float[16]);
    ItemInput shoe = item("shoe-1", "shoes", null);
    FeatureVector scored = spec.encode(user, shoe, new RequestContext(NOW, null, "mobile", 0, Map.of()));
    FeatureVector shownFourth = spec.encode(user, shoe, new RequestContext(NOW, null, "mobile", 3, Map.of()));
    assertNotEquals(scored, shownFourth, "the slot is a feature");

    float[] dense = scored.dense().clone();
    long[] sparse = scored.sparse().clone();
    spec.placeAtSlot(dense, 0, sparse, 0, 3);
    assertEquals(shownFourth, new FeatureVector(dense, sparse), "only the slot's columns change, to their slot-3 values");
    assertEquals(java.util.Set.of("slot", "context_slot"), spec.slotFeatures());
  }

  @Test
  void onlyContextFeaturesCanBeSlotFeatures() {
    List<Feature> features = new ArrayList<>(spec.features());
    assertThrows(IllegalArgumentException.class, () -> new FeatureSpec("x", features, 1 << 10, 1, POLICY,
        java.util.Set.of("item_category")));
    assertThrows(IllegalArgumentException.class, () -> new FeatureSpec("x", features, 1 << 10, 1, POLICY,
        java.util.Set.of("no_such_feature")));
  }

  @Test
  void crossFeaturesDescribeThisUserAndThisItem() {
    UserInput user = new UserInput(profileWithHistory(), null);
    RequestContext context = new RequestContext(NOW, null, null, 0, Map.of());
    FeatureVector seen = spec.encode(user, item("shoe-1", "shoes", null), context);
    FeatureVector unseen = spec.encode(user, item("bag-1", "bags", null), context);

    assertEquals(1f, dense(seen, "seen_before"));
    assertEquals(0f, dense(unseen, "seen_before"));
    // shoe-1 was viewed 5 hours ago.
    assertEquals((float) Math.log1p(5), dense(seen, "hours_since_item_interaction"), 1e-5);
    assertEquals((float) Math.log1p(24 * 365), dense(unseen, "hours_since_item_interaction"), 1e-5);
    assertTrue(dense(seen, "category_affinity") > dense(unseen, "category_affinity"));
    assertEquals(0f, dense(unseen, "category_affinity"));
  }

  @Test
  void embeddingDotProductAndContextAreEncoded() {
    float[] u = new float[16];
    float[] v = new float[16];
    u[0] = 1;
    u[1] = 2;
    v[0] = 3;
    v[1] = -1;
    FeatureVector row = raw.encode(new UserInput(UserProfile.empty("u"), u), item("x", "c", v),
        new RequestContext(NOW, java.time.ZoneId.of("UTC"), "desktop", 4, Map.of()));
    assertEquals(1f, dense(row, "user_item_dot"));
    assertEquals(1f, dense(row, "user_has_embedding"));
    assertEquals(2f, dense(row, "user_embedding[1]"));
    assertEquals(-1f, dense(row, "item_embedding[1]"));
    assertEquals((float) Math.log1p(4), dense(row, "slot"), 1e-6);
    // 18:30 UTC.
    assertEquals((float) Math.sin(2 * Math.PI * 18 / 24), dense(row, "hour_sin"), 1e-6);
  }

  @Test
  void nonFiniteAndOutOfRangeValuesNeverReachTheModelAndAreCounted() {
    float[] broken = new float[16];
    broken[0] = Float.NaN;
    broken[1] = Float.POSITIVE_INFINITY;
    broken[2] = 1e9f;
    ItemInput item = new ItemInput(new Item("x", "", "c", List.of(), Map.of(), true, NOW), new ItemStats(0, 0, Double.NaN), broken);

    FeatureVector row = raw.encode(new UserInput(UserProfile.empty("u"), null), item, new RequestContext(NOW, null, null, 0, Map.of()));

    for (float value : row.dense()) {
      assertTrue(Float.isFinite(value), "every dense value is finite");
    }
    assertEquals(0f, dense(row, "item_popularity"));
    assertEquals(10f, dense(row, "item_embedding[2]"));
    assertEquals(1L, raw.repairs().nonFiniteCounts().get("item_popularity"));
    assertEquals(2L, raw.repairs().nonFiniteCounts().get("item_embedding"));
    assertEquals(1L, raw.repairs().clampedCounts().get("item_embedding"));
  }

  @Test
  void wrongLengthEmbeddingsBecomeZerosAndAreCounted() {
    FeatureVector row = raw.encode(new UserInput(UserProfile.empty("u"), new float[] {1, 2, 3}),
        item("x", "c", null), new RequestContext(NOW, null, null, 0, Map.of()));
    assertEquals(0f, dense(row, "user_embedding[0]"));
    assertEquals(1L, raw.repairs().nonFiniteCounts().get("user_embedding"));
  }

  @Test
  void byDefaultNoEmbeddingCoordinateIsAFeatureOnlyRotationInvariantSignals() {
    assertTrue(spec.denseColumns().stream().noneMatch(c -> c.contains("embedding[")), spec.denseColumns().toString());
    assertTrue(raw.denseColumns().contains("item_embedding[15]"));
    assertNotEquals(spec.fingerprint(), raw.fingerprint());

    // rotating both vectors changes every coordinate but no default feature
    float[] u = {1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    float[] v = {3, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    float[] uRotated = u.clone();
    float[] vRotated = v.clone();
    uRotated[0] = -u[1];
    uRotated[1] = u[0];
    vRotated[0] = -v[1];
    vRotated[1] = v[0];
    RequestContext context = new RequestContext(NOW, null, null, 0, Map.of());
    assertArrayEquals(spec.encode(new UserInput(UserProfile.empty("u"), u), item("x", "c", v), context).dense(),
        spec.encode(new UserInput(UserProfile.empty("u"), uRotated), item("x", "c", vRotated), context).dense());
  }

  @Test
  void retrievalSignalsAreEncodedAndClamped() {
    ItemInput scored = new ItemInput(new Item("x", "", "c", List.of(), Map.of(), true, NOW), ItemStats.NONE, null,
        new RetrievalSignals(0.5, 1, 0.25, -0.5, 3));
    FeatureVector row = spec.encode(new UserInput(UserProfile.empty("u"), null), scored,
        new RequestContext(NOW, null, null, 0, Map.of()));
    assertEquals(0.5f, dense(row, "retrieval_co_occurrence"));
    assertEquals(1f, dense(row, "retrieval_repeat"));
    assertEquals(0.25f, dense(row, "retrieval_popularity"));
    assertEquals(-0.5f, dense(row, "retrieval_als"));
    assertEquals(1f, dense(row, "retrieval_trending"), "scaled signals never exceed 1");

    FeatureVector unscored = spec.encode(new UserInput(UserProfile.empty("u"), null), item("x", "c", null),
        new RequestContext(NOW, null, null, 0, Map.of()));
    assertEquals(0f, dense(unscored, "retrieval_co_occurrence"));
  }

  @Test
  void unknownCategoriesHashIntoTheTable() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      FeatureVector row = spec.encode(new UserInput(UserProfile.empty("u"), null), item("x", "never-seen-" + i, null),
          new RequestContext(NOW, null, null, 0, Map.of()));
      long id = row.sparse()[spec.sparseColumns().indexOf("item_category")];
      assertTrue(id >= 0 && id < spec.hashBuckets());
      ids.add(id);
    }
    assertTrue(ids.stream().distinct().count() > 990, "distinct categories mostly get distinct buckets");
  }

  @Test
  void hashingIsStableAcrossReleases() {
    // Persisted models depend on these exact buckets: a change here silently breaks every model.
    assertEquals(FeatureHashing.bucket(1, "item_category", "shoes", 1 << 18),
        FeatureHashing.bucket(1, "item_category", "shoes", 1 << 18));
    assertEquals(209_161L, FeatureHashing.bucket(0x5045_5253_4f4e_4131L, "item_category", "shoes", 1 << 18));
    // crossed and missing values too (pinned from the hashing before serving kept each feature's prefix)
    assertEquals(190_680L, FeatureHashing.bucket(0x5045_5253_4f4e_4131L, "device_x_category", "mobile", "shoes",
        1 << 18));
    assertEquals(115_205L, FeatureHashing.bucket(0x5045_5253_4f4e_4131L, "device_x_category", null, "shoes", 1 << 18));
    assertEquals(42_610L, FeatureHashing.bucket(0x5045_5253_4f4e_4131L, "item_category", null, 1 << 18));
    assertNotEquals(FeatureHashing.bucket(1, "item_category", "shoes", 1 << 18),
        FeatureHashing.bucket(1, "item_tag_0", "shoes", 1 << 18), "the same value in two fields gets two ids");
  }

  @Test
  void encodedSparseIdsAreTheStableBucketsOfTheirValues() {
    Feature.Categorical category = new Feature.Categorical("item_category", FeatureGroup.ITEM, 1,
        source -> "x".equals(source.item().item().itemId()) ? null : source.item().item().category());
    Feature.Categorical device = new Feature.Categorical("device", FeatureGroup.CONTEXT, 1,
        source -> source.context().device());
    long seed = 0x5045_5253_4f4e_4131L;
    FeatureSpec small = new FeatureSpec("small", List.of(
        new Feature.Numeric("slot", FeatureGroup.CONTEXT, 1, Transform.identity(0, 100),
            source -> source.context().slot()),
        category, device, new Feature.Crossed("device_x_category", device, category)), 1 << 18, seed, POLICY);
    UserInput user = new UserInput(profileWithHistory(), new float[16]);
    FeatureBatch batch = small.encodeBatch(user, List.of(item("shoe-1", "shoes", null), item("x", "bags", null)),
        new RequestContext(NOW, null, "mobile", 0, Map.of()));
    assertArrayEquals(new long[] {209_161L, FeatureHashing.bucket(seed, "device", "mobile", 1 << 18), 190_680L},
        batch.row(0).sparse(), "the values hashed under each feature's name (pinned above)");
    assertEquals(small.missingId(category), batch.row(1).sparse()[0]);
    assertEquals(FeatureHashing.bucket(seed, "device_x_category", "mobile", null, 1 << 18), batch.row(1).sparse()[2]);
  }

  @Test
  void fingerprintIsStableAndChangesWithTheDefinition() {
    FeatureSpec same = StandardFeatures.spec(StandardFeatures.Settings.defaults(), POLICY);
    assertEquals(spec.fingerprint(), same.fingerprint());
    assertEquals(32, spec.fingerprint().length());

    FeatureSpec otherDimension = StandardFeatures.spec(
        new StandardFeatures.Settings(8, 1 << 18, List.of(), 0.01, 100), POLICY);
    FeatureSpec otherAttributes = StandardFeatures.spec(
        new StandardFeatures.Settings(16, 1 << 18, List.of("locale"), 0.01, 100), POLICY);
    FeatureSpec otherBuckets = StandardFeatures.spec(
        new StandardFeatures.Settings(16, 1 << 17, List.of(), 0.01, 100), POLICY);
    FeatureSpec otherHalfLife = StandardFeatures.spec(StandardFeatures.Settings.defaults(),
        new ProfileSettings(POLICY.weights(), POLICY.defaultWeight(), POLICY.ratingNeutral(), Duration.ofDays(3),
            POLICY.historySize(), POLICY.maxItemAffinities(), POLICY.maxCategoryAffinities()));
    for (FeatureSpec other : List.of(otherDimension, otherAttributes, otherBuckets, otherHalfLife)) {
      assertNotEquals(spec.fingerprint(), other.fingerprint());
    }
  }

  @Test
  void aSpecRefusesDuplicateNames() {
    Feature.Numeric a = new Feature.Numeric("a", FeatureGroup.USER, 1, Transform.identity(0, 1), s -> 0);
    Feature.Categorical b = new Feature.Categorical("b", FeatureGroup.ITEM, 1, s -> "x");
    assertThrows(IllegalArgumentException.class, () -> new FeatureSpec("dup", List.of(a, a, b), 16, 1, POLICY));
  }

  @Test
  void transformsShapeClampAndFallBack() {
    BadValueCounts counts = new BadValueCounts();
    assertEquals((float) Math.log1p(9), Transform.log1p(20).apply(9, "f", counts), 1e-6);
    assertEquals(20f, Transform.log1p(20).apply(Double.MAX_VALUE, "f", counts));
    assertEquals((float) -Math.log1p(3), Transform.signedLog1p(10).apply(-3, "f", counts), 1e-6);
    assertEquals(0f, Transform.identity(-1, 1).apply(Double.NaN, "f", counts));
    assertEquals(Map.of("f", 1L), counts.clampedCounts());
    assertEquals(Map.of("f", 1L), counts.nonFiniteCounts());
    assertArrayEquals(new float[] {1f}, new float[] {Transform.identity(-1, 1).apply(1, "f", counts)});
  }

  @Test
  void placementsNameTheColumnsEachFeatureIsEncodedInto() {
    for (FeatureSpec any : List.of(spec, raw)) {
      int dense = 0;
      int sparse = 0;
      for (FeatureSpec.Placement p : any.placements()) {
        if (p.dense()) {
          for (int i = 0; i < p.width(); i++) {
            String column = any.denseColumns().get(p.at() + i);
            assertEquals(p.width() == 1 && p.feature() instanceof Feature.Numeric ? p.feature().name()
                : p.feature().name() + "[" + i + "]", column);
          }
          dense += p.width();
        } else {
          assertEquals(p.feature().name(), any.sparseColumns().get(p.at()));
          sparse++;
        }
      }
      assertEquals(any.denseWidth(), dense);
      assertEquals(any.sparseWidth(), sparse);
    }
    assertTrue(raw.placements().stream().anyMatch(p -> p.width() > 1), "the raw spec has vectors to place");
  }
}
