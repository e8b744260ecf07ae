package io.persona.models.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.persona.models.events.EventTypes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileSettingsTest {
  private static final double EPS = 1e-9;

  private static ProfileSettings profileSettings() {
    return new ProfileSettings(
        Map.of(EventTypes.VIEW, 1.0, EventTypes.PURCHASE, 8.0, EventTypes.RATING, 2.0),
        0.5, 3.0, Duration.ofHours(1), 10, 10, 10);
  }

  @Test
  void knownTypeUsesItsConfiguredWeight() {
    assertEquals(8.0, profileSettings().weightOf(EventTypes.PURCHASE, null), EPS);
  }

  @Test
  void valueDoesNotScaleNonRatingEvents() {
    assertEquals(8.0, profileSettings().weightOf(EventTypes.PURCHASE, 99.0), EPS);
  }

  @Test
  void customTypeUsesDefaultWeight() {
    assertEquals(0.5, profileSettings().weightOf("dwell", null), EPS);
  }

  @Test
  void highRatingScalesWithDistanceAboveNeutral() {
    assertEquals(4.0, profileSettings().weightOf(EventTypes.RATING, 5.0), EPS); // 2 * (5 - 3)
  }

  @Test
  void lowRatingGivesNegativeWeight() {
    assertEquals(-4.0, profileSettings().weightOf(EventTypes.RATING, 1.0), EPS); // 2 * (1 - 3)
  }

  @Test
  void neutralRatingGivesZeroWeight() {
    assertEquals(0.0, profileSettings().weightOf(EventTypes.RATING, 3.0), EPS);
  }

  @Test
  void defaultsWeighPurchaseAboveClickAboveView() {
    ProfileSettings defaults = ProfileSettings.defaults();
    assertEquals(1.0, defaults.weightOf(EventTypes.VIEW, null), EPS);
    assertEquals(2.0, defaults.weightOf(EventTypes.CLICK, null), EPS);
    assertEquals(8.0, defaults.weightOf(EventTypes.PURCHASE, null), EPS);
    assertEquals(Duration.ofDays(7), defaults.halfLife());
  }

  @Test
  void rejectsZeroOrNegativeHalfLife() {
    assertThrows(IllegalArgumentException.class,
        () -> new ProfileSettings(Map.of(), 1.0, 3.0, Duration.ZERO, 1, 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new ProfileSettings(Map.of(), 1.0, 3.0, Duration.ofSeconds(-1), 1, 1, 1));
  }

  @Test
  void rejectsNonPositiveSizes() {
    Duration h = Duration.ofHours(1);
    assertThrows(IllegalArgumentException.class, () -> new ProfileSettings(Map.of(), 1.0, 3.0, h, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ProfileSettings(Map.of(), 1.0, 3.0, h, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ProfileSettings(Map.of(), 1.0, 3.0, h, 1, 1, 0));
  }
}
