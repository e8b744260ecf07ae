package io.persona.models.learning;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StableUnitTest {

  @Test
  void valuesArePinnedSoEveryJvmAndReleaseHoldsOutTheSameSlates() {
    // Changing these changes which slates are held out and which negatives are kept: a re-run of
    // an old interval would no longer give the examples it gave.
    assertEquals(PINNED_EMPTY, StableUnit.of(""));
    assertEquals(PINNED_REQUEST, StableUnit.of("req-42"));
  }

  @Test
  void valuesAreSpreadUniformlyOverTheUnitInterval() {
    int n = 100_000;
    int[] deciles = new int[10];
    for (int i = 0; i < n; i++) {
      double u = StableUnit.of("req-" + i + "|item-" + (i % 7));
      assertTrue(u >= 0 && u < 1);
      deciles[(int) (u * 10)]++;
    }
    for (int count : deciles) {
      assertEquals(n / 10.0, count, n / 10.0 * 0.05);
    }
  }

  private static final double PINNED_EMPTY = 0.9576734252420561;
  private static final double PINNED_REQUEST = 0.18829548385299633;
}
