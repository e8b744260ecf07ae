package io.persona.models.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingFoldInTest {
  private static final int DIM = 8;
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final ProfileSettings POLICY = ProfileSettings.defaults();
  /** No trained items: the fold-in over the user's own items alone. */
  private static final ItemGram.Snapshot NO_GRAM = new ItemGram(DIM).snapshot();

  @TempDir
  Path dir;

  private static UserProfile withAffinities(Map<String, Double> affinities) {
    Map<String, DecayedScore> scores = new HashMap<>();
    affinities.forEach((item, a) -> scores.put(item, new DecayedScore(a, NOW.toEpochMilli())));
    return new UserProfile("u", List.of(), Map.of(), scores, Map.of(), NOW, affinities.size());
  }

  private static float[] axis(int i) {
    float[] v = new float[DIM];
    v[i] = 1;
    return v;
  }

  /** {@code base} plus a little noise, so the items near it are distinct. */
  private static float[] near(float[] base, SplittableRandom random) {
    float[] v = base.clone();
    for (int i = 0; i < DIM; i++) {
      v[i] += (float) (random.nextGaussian() * 0.1);
    }
    return v;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void aUserOfItemsNearADirectionPointsThatWay() {
    SplittableRandom random = new SplittableRandom(5);
    float[] a = axis(0);
    float[] b = axis(1);
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, 1000)) {
      Map<String, Double> affinities = new HashMap<>();
      for (int i = 0; i < 5; i++) {
        index.upsert("near-a-" + i, near(a, random));
        index.upsert("near-b-" + i, near(b, random));
        affinities.put("near-a-" + i, 1.0 + i);
      }
      affinities.put("no-embedding", 50.0);

      float[] user = new EmbeddingFoldIn(DIM, 0.1, 2.0).foldIn(withAffinities(affinities), index::vector, NO_GRAM, NOW, POLICY, 0);

      assertTrue(cosine(user, a) > 0.9, "cosine with a " + cosine(user, a));
      assertTrue(cosine(user, a) > cosine(user, b));
      assertTrue(index.nearest(user, 5, id -> true).stream().allMatch(s -> s.itemId().startsWith("near-a-")));
    }
  }

  @Test
  void oneItemGivesTheClosedFormSolutionWithTheAffinityDecayedToNow() {
    float[] v = axis(3);
    UserProfile profile = withAffinities(Map.of("x", 2.0));
    EmbeddingFoldIn foldIn = new EmbeddingFoldIn(DIM, 1.0, 1.5);

    // (c vvᵀ + λI) u = c v  =>  u = c / (c + λ) v, with c = 1 + 1.5 · affinity
    float[] fresh = foldIn.foldIn(profile, id -> v, NO_GRAM, NOW, POLICY, 0);
    assertEquals(4.0 / 5.0, fresh[3], 1e-6);
    assertEquals(0.0, fresh[0], 1e-6);

    float[] aWeekLater = foldIn.foldIn(profile, id -> v, NO_GRAM, NOW.plus(Duration.ofDays(7)), POLICY, 0);
    assertEquals(2.5 / 3.5, aWeekLater[3], 1e-6);
  }

  @Test
  void aLogScaleFoldsInTheScaledStrengths() {
    SplittableRandom random = new SplittableRandom(3);
    Map<String, float[]> embeddings = new HashMap<>();
    Map<String, Double> strengths = new HashMap<>();
    Map<String, Double> scaled = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      embeddings.put("i" + i, near(axis(i % DIM), random));
      double s = 1 + random.nextDouble() * 20;
      strengths.put("i" + i, s);
      scaled.put("i" + i, Math.log1p(s));
    }
    float[] logScaled = new EmbeddingFoldIn(DIM, 1, 3, StrengthScale.LOG1P).foldIn(strengths, embeddings::get, NO_GRAM);
    float[] raw = new EmbeddingFoldIn(DIM, 1, 3).foldIn(scaled, embeddings::get, NO_GRAM);

    assertArrayEquals(raw, logScaled, 1e-6f);
  }

  @Test
  void aDislikeInTheProfileEntersAsTrainingSawIt() {
    float[] liked = axis(0);
    float[] disliked = axis(0);
    disliked[1] = 1;
    EmbeddingFoldIn foldIn = new EmbeddingFoldIn(DIM, 0.5, 1.0);
    Map<String, float[]> embeddings = Map.of("liked", liked, "disliked", disliked);
    UserProfile likesOne = withAffinities(Map.of("liked", 3.0));
    UserProfile alsoDislikesOne = withAffinities(Map.of("liked", 3.0, "disliked", -3.0));

    float[] withoutDislike = foldIn.foldIn(likesOne, embeddings::get, NO_GRAM, NOW, POLICY, 1.0);
    float[] asAWeakPositive = foldIn.foldIn(alsoDislikesOne, embeddings::get, NO_GRAM, NOW, POLICY, 1.0);
    float[] leftOut = foldIn.foldIn(alsoDislikesOne, embeddings::get, NO_GRAM, NOW, POLICY, 0.0);

    // training keeps a low rating as a weak positive: the user moves towards it, as ALS would place them
    assertTrue(cosine(asAWeakPositive, disliked) > cosine(withoutDislike, disliked));
    float[] expected = foldIn.foldIn(Map.of("liked", 3.0, "disliked", 1.0), embeddings::get, NO_GRAM);
    assertArrayEquals(expected, asAWeakPositive, 1e-6f);
    // a training that drops low ratings: the fold-in drops them too
    assertArrayEquals(withoutDislike, leftOut, 1e-6f);
    // and an old dislike fades as an old like does
    Instant halfLifeLater = NOW.plus(POLICY.halfLife());
    float[] later = foldIn.foldIn(alsoDislikesOne, embeddings::get, NO_GRAM, halfLifeLater, POLICY, 1.0);
    assertArrayEquals(foldIn.foldIn(Map.of("liked", 1.5, "disliked", 0.5), embeddings::get, NO_GRAM), later, 1e-5f);
  }

  @Test
  void noEmbeddedPositiveItemGivesNoEmbedding() {
    EmbeddingFoldIn foldIn = new EmbeddingFoldIn(DIM, 0.1, 1.0);

    assertNull(foldIn.foldIn(UserProfile.empty("u"), id -> axis(0), NO_GRAM, NOW, POLICY, 0));
    assertNull(foldIn.foldIn(withAffinities(Map.of("x", 2.0)), id -> null, NO_GRAM, NOW, POLICY, 0));
    assertNull(foldIn.foldIn(withAffinities(Map.of("x", -2.0)), id -> axis(0), NO_GRAM, NOW, POLICY, 0));
  }

  @Test
  void theSameProfileGivesTheSameEmbedding() {
    SplittableRandom random = new SplittableRandom(9);
    Map<String, float[]> embeddings = new HashMap<>();
    Map<String, Double> affinities = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      embeddings.put("i" + i, near(axis(i % DIM), random));
      affinities.put("i" + i, random.nextDouble() * 5);
    }
    EmbeddingFoldIn foldIn = new EmbeddingFoldIn(DIM, 0.1, 1.0);

    assertArrayEquals(foldIn.foldIn(withAffinities(affinities), embeddings::get, NO_GRAM, NOW, POLICY, 0),
        foldIn.foldIn(withAffinities(new HashMap<>(affinities)), embeddings::get, NO_GRAM, NOW, POLICY, 0));
  }

  @Test
  void invalidSettingsAndDimensionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new EmbeddingFoldIn(DIM, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new EmbeddingFoldIn(DIM, 0.1, -1));
    assertThrows(IllegalArgumentException.class, () -> new EmbeddingFoldIn(0, 0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> new EmbeddingFoldIn(DIM, 0.1, 1)
        .foldIn(withAffinities(Map.of("x", 1.0)), id -> new float[DIM + 1], NO_GRAM, NOW, POLICY, 0));
  }
}
