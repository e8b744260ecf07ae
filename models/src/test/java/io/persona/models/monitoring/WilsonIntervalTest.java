package io.persona.models.monitoring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WilsonIntervalTest {
  private static final double Z95 = 1.959963984540054;

  @Test
  void noSuccessesInTenGivesZeroUpToAboutTwentyEightPercent() {
    WilsonInterval w = WilsonInterval.of(0, 10, Z95);
    assertEquals(0.0, w.rate());
    assertEquals(0.0, w.low());
    assertEquals(0.2775, w.high(), 1e-4); // z²/(n + z²)
  }

  @Test
  void halfOfTenAndAllOfTenMatchPublishedValues() {
    WilsonInterval half = WilsonInterval.of(5, 10, Z95);
    assertEquals(0.5, half.rate());
    assertEquals(0.2366, half.low(), 1e-4);
    assertEquals(0.7634, half.high(), 1e-4);

    WilsonInterval all = WilsonInterval.of(10, 10, Z95);
    assertEquals(0.7225, all.low(), 1e-4);
    assertEquals(1.0, all.high());
  }

  @Test
  void theIntervalNarrowsAroundTheRateAsTrialsGrow() {
    WilsonInterval small = WilsonInterval.of(3, 100, Z95);
    WilsonInterval large = WilsonInterval.of(300, 10_000, Z95);
    assertTrue(small.low() < 0.03 && 0.03 < small.high());
    assertTrue(large.high() - large.low() < (small.high() - small.low()) / 5);
    assertEquals(0.03, large.rate());
  }

  @Test
  void noTrialsGiveTheWholeUnitInterval() {
    WilsonInterval none = WilsonInterval.of(0, 0, Z95);
    assertTrue(Double.isNaN(none.rate()));
    assertEquals(0.0, none.low());
    assertEquals(1.0, none.high());
  }

  @Test
  void impossibleCountsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(11, 10, Z95));
    assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(-1, 10, Z95));
    assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(1, 10, 0));
  }
}
