package io.persona.models.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemCoOccurrenceTest {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final double EPS = 1e-12;

  private static List<TimedInteraction> history(String... items) {
    List<TimedInteraction> out = new ArrayList<>();
    for (int k = 0; k < items.length; k++) {
      out.add(new TimedInteraction(items[k], k, 1));
    }
    return out;
  }

  private static double similarity(ItemCoOccurrence model, String seed, String neighbour) {
    return model.neighbours(seed).stream().filter(s -> s.itemId().equals(neighbour)).findFirst()
        .map(ScoredItem::score).orElse(0.0);
  }

  @Test
  void pairsWithinTheWindowScoredByAsymmetricCosine() {
    // x,y,z and x,y: C(x,y) = 2, C(x,z) = C(y,z) = 1; n_x = n_y = 2, n_z = 1
    List<List<TimedInteraction>> histories = List.of(history("x", "y", "z"), history("x", "y"));

    ItemCoOccurrence cosine = ItemCoOccurrence.train(histories, new CoOccurrenceSettings(2, null, 0.5, 10), 10);
    assertEquals(1.0, similarity(cosine, "x", "y"), EPS);
    assertEquals(1 / Math.sqrt(2), similarity(cosine, "x", "z"), EPS);
    assertEquals(1 / Math.sqrt(2), similarity(cosine, "z", "x"), EPS);
    assertEquals("y", cosine.neighbours("x").get(0).itemId(), "strongest first");

    // β = 0: C(i,j) / n_i, how often j comes with i
    ItemCoOccurrence conditional = ItemCoOccurrence.train(histories, new CoOccurrenceSettings(2, null, 0, 10), 10);
    assertEquals(0.5, similarity(conditional, "x", "z"), EPS);
    assertEquals(1.0, similarity(conditional, "z", "x"), EPS);

    ItemCoOccurrence adjacent = ItemCoOccurrence.train(histories, new CoOccurrenceSettings(1, null, 0.5, 10), 10);
    assertEquals(0.0, similarity(adjacent, "x", "z"), EPS, "z came two items after x");
    assertEquals(1, adjacent.neighbours("x").size());
  }

  @Test
  void aBackwardShareBelowOneFavoursWhatCameAfterButNotWithinOneInstant() {
    // x then y (a sequence); a and b at the same instant (one basket), listed a first
    List<List<TimedInteraction>> histories = List.of(history("x", "y"),
        List.of(new TimedInteraction("a", 5, 1), new TimedInteraction("b", 5, 1)));

    ItemCoOccurrence forward = ItemCoOccurrence.train(histories, new CoOccurrenceSettings(5, null, 0, 10, 0), 10);
    assertEquals(1.0, similarity(forward, "x", "y"), EPS, "y came after x");
    assertTrue(forward.neighbours("y").isEmpty(), "x came before y: not counted at backward 0");
    assertEquals(1.0, similarity(forward, "a", "b"), EPS);
    assertEquals(1.0, similarity(forward, "b", "a"), EPS, "one instant has no order");

    ItemCoOccurrence half = ItemCoOccurrence.train(histories, new CoOccurrenceSettings(5, null, 0, 10, 0.5), 10);
    assertEquals(0.5, similarity(half, "y", "x"), EPS);
    assertEquals(1.0, similarity(half, "x", "y"), EPS);
    assertThrows(IllegalArgumentException.class, () -> new CoOccurrenceSettings(5, null, 0, 10, 1.5));
  }

  @Test
  void aRepeatPairsAgainWithWhatCameBetween() {
    // x, y, x: y pairs with the first x, the second x with y; n_x = 2, n_y = 1
    ItemCoOccurrence model = ItemCoOccurrence.train(List.of(history("x", "y", "x")),
        new CoOccurrenceSettings(5, null, 0, 10), 10);
    assertEquals(2.0, similarity(model, "y", "x"), EPS);
    assertEquals(1.0, similarity(model, "x", "y"), EPS);
    assertTrue(model.neighbours("x").stream().noneMatch(s -> s.itemId().equals("x")), "never its own neighbour");
  }

  @Test
  void oldPairsFadeAndZeroStrengthPairsWithNothing() {
    long now = 3 * DAY;
    List<List<TimedInteraction>> histories = List.of(
        List.of(new TimedInteraction("x", 0, 1), new TimedInteraction("y", 2 * DAY, 1)), // a pair 1 day old
        List.of(new TimedInteraction("x", 3 * DAY, 1), new TimedInteraction("z", 3 * DAY, 1)), // a fresh pair
        List.of(new TimedInteraction("x", 3 * DAY, 1), new TimedInteraction("w", 3 * DAY, 0))); // a low rating
    ItemCoOccurrence model = ItemCoOccurrence.train(histories, new CoOccurrenceSettings(5, Duration.ofDays(1), 0, 10),
        now);
    // n_x = 1/8 + 1 + 1, C(x,y) = 1/2, C(x,z) = 1
    assertEquals(0.5 / 2.125, similarity(model, "x", "y"), EPS);
    assertEquals(1 / 2.125, similarity(model, "x", "z"), EPS);
    assertEquals(0, model.neighbours("w").size());
    assertEquals(0.0, similarity(model, "x", "w"), EPS);
  }

  @Test
  void eachItemKeepsItsStrongestNeighboursTiesByIdAndScoresSumOverSeeds() {
    List<List<TimedInteraction>> histories = List.of(history("a", "b"), history("a", "b"), history("a", "d"),
        history("a", "c"));
    ItemCoOccurrence model = ItemCoOccurrence.train(histories, new CoOccurrenceSettings(5, null, 0, 2), 10);
    assertEquals(List.of("b", "c"), model.neighbours("a").stream().map(ScoredItem::itemId).toList());

    // seeds a (weight 1) and b (weight 0.5): b gets 1·sim(a,b) = 0.5, a gets 0.5·sim(b,a) = 0.5·1
    Map<String, Double> scores = model.scores(Map.of("a", 1.0, "b", 0.5));
    assertEquals(0.5, scores.get("b"), EPS);
    assertEquals(0.5, scores.get("a"), EPS);
    assertEquals(0.25, scores.get("c"), EPS);
    assertEquals(0, ItemCoOccurrence.empty().size());
  }

  @Test
  void settingsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new CoOccurrenceSettings(0, null, 0.5, 10));
    assertThrows(IllegalArgumentException.class, () -> new CoOccurrenceSettings(5, Duration.ZERO, 0.5, 10));
    assertThrows(IllegalArgumentException.class, () -> new CoOccurrenceSettings(5, null, 1.5, 10));
  }
}
