package io.persona.models.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.learning.Factors;
import io.persona.models.learning.ImplicitAls;
import io.persona.models.learning.Interaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConjugateGradientAlsTest {
  private static final int USERS = 60;
  private static final int ITEMS = 24;
  private static final AlsSettings SETTINGS = new AlsSettings(8, 30, 5, 10, 7);

  /** Users 0-29 engage with items 0-11, users 30-59 with items 12-23, each with up to 8 of its group's. */
  private static final int[][] USER_ITEMS = new int[USERS][];
  private static final float[][] STRENGTHS = new float[USERS][];

  static {
    SplittableRandom random = new SplittableRandom(11);
    for (int u = 0; u < USERS; u++) {
      int offset = u < 30 ? 0 : 12;
      List<Integer> items = new ArrayList<>();
      while (items.size() < 6 + random.nextInt(3)) {
        int item = offset + random.nextInt(12);
        if (!items.contains(item)) {
          items.add(item);
        }
      }
      USER_ITEMS[u] = items.stream().mapToInt(Integer::intValue).toArray();
      STRENGTHS[u] = new float[items.size()];
      for (int k = 0; k < items.size(); k++) {
        STRENGTHS[u][k] = 1 + random.nextInt(3);
      }
    }
  }

  @Test
  void usersPreferTheUnseenItemsOfTheirOwnGroup() {
    LatentFactors factors = ConjugateGradientAls.train(ITEMS, USER_ITEMS, STRENGTHS, SETTINGS, null);
    for (int u = 0; u < USERS; u++) {
      double ownGroup = Double.NEGATIVE_INFINITY;
      double otherGroup = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < ITEMS; i++) {
        double score = dot(factors.users()[u], factors.items()[i]);
        if ((i < 12) == (u < 30)) {
          ownGroup = Math.max(ownGroup, score);
        } else {
          otherGroup = Math.max(otherGroup, score);
        }
      }
      assertTrue(ownGroup > otherGroup, "user " + u);
    }
  }

  @Test
  void aTrainedUsersFoldInIsTheirFactor() {
    LatentFactors factors = ConjugateGradientAls.train(ITEMS, USER_ITEMS, STRENGTHS, SETTINGS, null);
    double[] gram = ConjugateGradientAls.gram(factors.items(), SETTINGS.dimension());
    for (int u : new int[] {0, 17, 45}) {
      float[] folded = ConjugateGradientAls.foldIn(factors.items(), gram, USER_ITEMS[u], STRENGTHS[u], SETTINGS);
      assertArrayEquals(factors.users()[u], folded, 1e-6f, "user " + u);
    }
  }

  @Test
  void conjugateGradientsReachTheExactSolversLoss() {
    LatentFactors cg = ConjugateGradientAls.train(ITEMS, USER_ITEMS, STRENGTHS, SETTINGS, null);
    List<Interaction> interactions = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      for (int k = 0; k < USER_ITEMS[u].length; k++) {
        interactions.add(new Interaction(Integer.toString(u), Integer.toString(USER_ITEMS[u][k]), STRENGTHS[u][k]));
      }
    }
    Factors exact = ImplicitAls.train(interactions, SETTINGS);
    float[][] users = new float[USERS][];
    float[][] items = new float[ITEMS][];
    exact.users().forEach((id, v) -> users[Integer.parseInt(id)] = v);
    exact.items().forEach((id, v) -> items[Integer.parseInt(id)] = v);
    double exactLoss = loss(users, items);
    assertEquals(exactLoss, loss(cg.users(), cg.items()), 0.01 * exactLoss);
  }

  @Test
  void aWarmStartStaysInThePreviousCoordinates() {
    LatentFactors first = ConjugateGradientAls.train(ITEMS, USER_ITEMS, STRENGTHS, SETTINGS, null);
    // a day later: one user engaged with one more item of their group; the previous items start the fit
    int[][] moreItems = USER_ITEMS.clone();
    float[][] moreStrengths = STRENGTHS.clone();
    moreItems[0] = append(USER_ITEMS[0], firstMissing(USER_ITEMS[0]));
    moreStrengths[0] = java.util.Arrays.copyOf(STRENGTHS[0], STRENGTHS[0].length + 1);
    moreStrengths[0][STRENGTHS[0].length] = 1;
    AlsSettings otherSeed = new AlsSettings(SETTINGS.dimension(), 5, SETTINGS.regularization(), SETTINGS.alpha(), 99);

    LatentFactors warm = ConjugateGradientAls.train(ITEMS, moreItems, moreStrengths, otherSeed, first.items());
    LatentFactors cold = ConjugateGradientAls.train(ITEMS, moreItems, moreStrengths, otherSeed, null);
    double warmWorst = 1;
    double coldMean = 0;
    for (int i = 0; i < ITEMS; i++) {
      warmWorst = Math.min(warmWorst, cosine(first.items()[i], warm.items()[i]));
      coldMean += cosine(first.items()[i], cold.items()[i]) / ITEMS;
    }
    assertTrue(warmWorst > 0.95, "warm-started vectors keep their direction: worst cosine " + warmWorst);
    assertTrue(coldMean < 0.8, "a cold start lands in other coordinates: mean cosine " + coldMean);
  }

  /** Σ over all pairs of c (p − u·v)² + λ(Σ|u|² + Σ|v|²), the objective both solvers minimise. */
  private static double loss(float[][] users, float[][] items) {
    double total = 0;
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < ITEMS; i++) {
        double c = 1;
        double p = 0;
        for (int k = 0; k < USER_ITEMS[u].length; k++) {
          if (USER_ITEMS[u][k] == i) {
            c = 1 + SETTINGS.alpha() * STRENGTHS[u][k];
            p = 1;
          }
        }
        double e = p - dot(users[u], items[i]);
        total += c * e * e;
      }
      total += SETTINGS.regularization() * dot(users[u], users[u]);
    }
    for (float[] v : items) {
      total += SETTINGS.regularization() * dot(v, v);
    }
    return total;
  }

  private static int firstMissing(int[] items) {
    int offset = items[0] < 12 ? 0 : 12;
    for (int i = offset; i < offset + 12; i++) {
      final int candidate = i;
      if (java.util.Arrays.stream(items).noneMatch(x -> x == candidate)) {
        return i;
      }
    }
    throw new IllegalStateException("user has every item of the group");
  }

  private static int[] append(int[] a, int x) {
    int[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = x;
    return out;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int c = 0; c < a.length; c++) {
      s += a[c] * b[c];
    }
    return s;
  }

  private static double cosine(float[] a, float[] b) {
    return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  }
}
