package io.persona.models.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InteractionWeightsTest {
  private static final InteractionWeights WEIGHTS =
      new InteractionWeights(Map.of("view", 1.0, "purchase", 4.0, "share", 0.0), 4.0, 5.0, 3.0, 0.5);

  @Test
  void eachTypeWeighsItsConfiguredStrength() {
    assertEquals(1.0, WEIGHTS.weightOf("view", null));
    assertEquals(4.0, WEIGHTS.weightOf("purchase", 12.5), "a purchase's value (a price) does not change it");
  }

  @Test
  void aTypeWithoutWeightOrWithZeroTeachesNothing() {
    assertFalse(WEIGHTS.teaches("dwell_time", 3.0));
    assertFalse(WEIGHTS.teaches("share", null));
    assertTrue(WEIGHTS.teaches("view", null));
  }

  @Test
  void aRatingTeachesByItsValueAndALowOneWeakly() {
    assertEquals(4.0, WEIGHTS.weightOf("rating", 5.0), 1e-12);
    assertEquals(2.4, WEIGHTS.weightOf("rating", 3.0), 1e-12);
    assertEquals(0.5, WEIGHTS.weightOf("rating", 2.5), 1e-12);
    assertEquals(0.5, WEIGHTS.weightOf("rating", 1.0), 1e-12);
    assertFalse(WEIGHTS.teaches("rating", null), "a rating without a value says nothing");
  }

  @Test
  void negativeOrNonFiniteWeightsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new InteractionWeights(Map.of("view", -1.0), 4, 5, 3, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new InteractionWeights(Map.of("view", Double.NaN), 4, 5, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> new InteractionWeights(Map.of(), 4, 0, 3, 0));
  }
}
