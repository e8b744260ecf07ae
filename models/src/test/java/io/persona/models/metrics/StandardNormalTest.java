package io.persona.models.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StandardNormalTest {

  @Test
  void knownQuantilesAndProbabilities() {
    assertEquals(0.5, StandardNormal.cdf(0.0), 1e-7);
    assertEquals(0.975002, StandardNormal.cdf(1.96), 1e-6);
    assertEquals(0.0227501, StandardNormal.cdf(-2.0), 1e-6);
    assertEquals(1.644854, StandardNormal.quantile(0.95), 1e-5);
    assertEquals(2.326348, StandardNormal.quantile(0.99), 1e-5);
    assertEquals(-1.281552, StandardNormal.quantile(0.10), 1e-5);
  }

  @Test
  void onlyOpenUnitIntervalProbabilitiesHaveAQuantile() {
    assertThrows(IllegalArgumentException.class, () -> StandardNormal.quantile(1.0));
    assertThrows(IllegalArgumentException.class, () -> StandardNormal.quantile(0.0));
    assertThrows(IllegalArgumentException.class, () -> StandardNormal.quantile(Double.NaN));
  }
}
