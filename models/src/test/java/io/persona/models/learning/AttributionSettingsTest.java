package io.persona.models.learning;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AttributionSettingsTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Set<String> CLICK = Set.of("click");

  @Test
  void validSettingsAreAcceptedAtTheEdgesOfTheirRanges() {
    assertDoesNotThrow(() -> new AttributionSettings(HOUR, CLICK, 1.0, 0.0));
    assertDoesNotThrow(() -> new AttributionSettings(Duration.ofMillis(1), CLICK, 1e-6, 0.999));
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new AttributionSettings(Duration.ZERO, CLICK, 0.5, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new AttributionSettings(HOUR.negated(), CLICK, 0.5, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new AttributionSettings(HOUR, CLICK, 0.0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new AttributionSettings(HOUR, CLICK, 1.01, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new AttributionSettings(HOUR, CLICK, Double.NaN, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new AttributionSettings(HOUR, CLICK, 0.5, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new AttributionSettings(HOUR, CLICK, 0.5, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new AttributionSettings(HOUR, Set.of(), 0.5, 0.1));
  }

  @Test
  void theDataRangesReachTwoWindowsBackAndOneForward() {
    AttributionSettings s = new AttributionSettings(HOUR, CLICK, 0.5, 0.1);
    Instant from = Instant.parse("2026-06-01T10:00:00Z");
    Instant to = Instant.parse("2026-06-01T11:00:00Z");
    assertEquals(Instant.parse("2026-06-01T08:00:00Z"), s.slatesFrom(from));
    assertEquals(Instant.parse("2026-06-01T12:00:00Z"), s.slatesUntil(to));
    assertEquals(Instant.parse("2026-06-01T09:00:00Z"), s.outcomesFrom(from));
    assertEquals(Instant.parse("2026-06-01T12:00:00Z"), s.outcomesUntil(to));
  }
}
