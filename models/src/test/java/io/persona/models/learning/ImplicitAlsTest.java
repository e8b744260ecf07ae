package io.persona.models.learning;

import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import io.persona.models.retrieval.EmbeddingFoldIn;
import io.persona.models.retrieval.ItemGram;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImplicitAlsTest {
  /**
   * More dimensions than the planted rank (2), as in production; λ = 5 shrinks the spare ones,
   * which otherwise fit which items each user happened to draw and spread a group's items over
   * several directions (with λ = 0.1 the within-group cosine is ~0.25: still above across-group
   * ~0, but nearest neighbours get noisy).
   */
  private static final AlsSettings SETTINGS = new AlsSettings(8, 10, 5, 10, 7);
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  /** Users u0-u29 engage with items a0-a11, users u30-u59 with b0-b11; each touches up to 8 of its group's. */
  private static List<Interaction> plantedBlocks() {
    SplittableRandom random = new SplittableRandom(11);
    List<Interaction> interactions = new ArrayList<>();
    for (int u = 0; u < 60; u++) {
      String group = u < 30 ? "a" : "b";
      for (int k = 0; k < 8; k++) {
        interactions.add(new Interaction("u" + u, group + random.nextInt(12), 1 + random.nextInt(3)));
      }
    }
    return interactions;
  }

  private static double cosine(float[] x, float[] y) {
    double dot = 0;
    double nx = 0;
    double ny = 0;
    for (int i = 0; i < x.length; i++) {
      dot += (double) x[i] * y[i];
      nx += (double) x[i] * x[i];
      ny += (double) y[i] * y[i];
    }
    return dot / Math.sqrt(nx * ny);
  }

  private static double dot(float[] x, float[] y) {
    double dot = 0;
    for (int i = 0; i < x.length; i++) {
      dot += (double) x[i] * y[i];
    }
    return dot;
  }

  /** Each item's 5 nearest items by inner product. */
  private static java.util.Map<String, java.util.Set<String>> neighbours(Factors factors) {
    java.util.Map<String, java.util.Set<String>> out = new java.util.HashMap<>();
    factors.items().forEach((id, v) -> out.put(id, factors.items().entrySet().stream()
        .filter(e -> !e.getKey().equals(id))
        .sorted(java.util.Comparator.comparingDouble((java.util.Map.Entry<String, float[]> e) -> -dot(v, e.getValue()))
            .thenComparing(java.util.Map.Entry::getKey))
        .limit(5).map(java.util.Map.Entry::getKey).collect(java.util.stream.Collectors.toSet())));
    return out;
  }

  @Test
  void aWarmStartedRetrainingStaysInTheSameSpace() {
    List<Interaction> day1 = plantedBlocks();
    Factors first = ImplicitAls.train(day1, SETTINGS);
    List<Interaction> day2 = new ArrayList<>(day1);
    SplittableRandom random = new SplittableRandom(99);
    for (int u = 0; u < 60; u += 5) { // the next cycle's new interactions, of the same kind
      day2.add(new Interaction("u" + u, (u < 30 ? "a" : "b") + random.nextInt(12), 1));
    }
    Factors warm = ImplicitAls.train(day2, SETTINGS, first.items());
    Factors cold = ImplicitAls.train(day2, new AlsSettings(8, 10, 5, 10, 8), java.util.Map.of());

    // the next cycle over the same interactions: the same neighbours
    java.util.Map<String, java.util.Set<String>> before = neighbours(first);
    java.util.Map<String, java.util.Set<String>> after = neighbours(ImplicitAls.train(day1, SETTINGS, first.items()));
    long kept = before.entrySet().stream().mapToLong(e -> e.getValue().stream().filter(after.get(e.getKey())::contains)
        .count()).sum();
    assertTrue(kept >= 0.9 * 5 * before.size(), "neighbours kept: " + kept + " of " + 5 * before.size());

    // with new interactions too, the same coordinates: an item's vector hardly moves
    double moved = 0;
    double coldMoved = 0;
    for (String item : first.items().keySet()) {
      moved += cosine(first.items().get(item), warm.items().get(item));
      coldMoved += cosine(first.items().get(item), cold.items().get(item));
    }
    assertTrue(moved / first.items().size() > 0.95, "mean cosine to the previous vector " + moved / first.items().size());
    assertTrue(coldMoved / first.items().size() < moved / first.items().size(),
        "a cold start lands elsewhere: " + coldMoved / first.items().size());
  }

  @Test
  void itemsOfOneGroupEndUpCloserToEachOtherThanToTheOtherGroup() {
    Factors factors = ImplicitAls.train(plantedBlocks(), SETTINGS);
    assertEquals(60, factors.users().size());
    assertEquals(24, factors.items().size());

    double within = 0;
    double across = 0;
    int nWithin = 0;
    int nAcross = 0;
    for (var x : factors.items().entrySet()) {
      for (var y : factors.items().entrySet()) {
        if (x.getKey().compareTo(y.getKey()) >= 0) {
          continue;
        }
        double c = cosine(x.getValue(), y.getValue());
        if (x.getKey().charAt(0) == y.getKey().charAt(0)) {
          within += c;
          nWithin++;
        } else {
          across += c;
          nAcross++;
        }
      }
    }
    within /= nWithin;
    across /= nAcross;
    assertTrue(within > across + 0.4, "mean cosine within groups " + within + ", across " + across);
    for (String item : factors.items().keySet()) {
      String nearest = factors.items().keySet().stream().filter(o -> !o.equals(item))
          .max(Comparator.comparingDouble(o -> cosine(factors.items().get(item), factors.items().get(o)))).orElseThrow();
      assertEquals(item.charAt(0), nearest.charAt(0), item + "'s nearest item is " + nearest);
    }
  }

  @Test
  void aUserFoldedInAgainstTheTrainedItemsRanksTheirGroupFirst() {
    Factors factors = ImplicitAls.train(plantedBlocks(), SETTINGS);
    Map<String, DecayedScore> affinities = Map.of("b1", new DecayedScore(2, NOW.toEpochMilli()),
        "b4", new DecayedScore(1, NOW.toEpochMilli()), "b7", new DecayedScore(3, NOW.toEpochMilli()));
    UserProfile newcomer = new UserProfile("new", List.of(), Map.of(), affinities, Map.of(), NOW, 3);

    ItemGram gram = new ItemGram(SETTINGS.dimension());
    factors.items().forEach(gram::put);
    float[] user = new EmbeddingFoldIn(SETTINGS.dimension(), SETTINGS.regularization(), SETTINGS.alpha())
        .foldIn(newcomer, factors.items()::get, gram.snapshot(), NOW, ProfileSettings.defaults(), 0);

    List<String> ranked = factors.items().keySet().stream()
        .sorted(Comparator.comparingDouble((String item) -> -dot(user, factors.items().get(item)))).toList();
    assertTrue(ranked.subList(0, 12).stream().allMatch(item -> item.startsWith("b")), ranked.toString());
  }

  @Test
  void theSameInteractionsAndSeedGiveTheSameFactorsWhateverTheirOrder() {
    List<Interaction> interactions = plantedBlocks();
    Factors first = ImplicitAls.train(interactions, SETTINGS);
    List<Interaction> reversed = new ArrayList<>(interactions);
    java.util.Collections.reverse(reversed);
    Factors again = ImplicitAls.train(reversed, SETTINGS);
    for (String item : first.items().keySet()) {
      assertArrayEquals(first.items().get(item), again.items().get(item), item);
    }
    Factors otherSeed = ImplicitAls.train(interactions, new AlsSettings(8, 10, 5, 10, 8));
    assertFalse(java.util.Arrays.equals(first.items().get("a0"), otherSeed.items().get("a0")));
  }

  @Test
  void noInteractionsGiveNoFactors() {
    Factors none = ImplicitAls.train(List.of(), SETTINGS);
    assertTrue(none.users().isEmpty() && none.items().isEmpty());
  }

  @Test
  void badSettingsAndInteractionsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new AlsSettings(0, 10, 0.1, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> new AlsSettings(8, 0, 0.1, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> new AlsSettings(8, 10, 0, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> new AlsSettings(8, 10, 0.1, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Interaction("u", "i", 0));
    assertThrows(IllegalArgumentException.class, () -> new Interaction("u", "i", Double.NaN));
  }
}
