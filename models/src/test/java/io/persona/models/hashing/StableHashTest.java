package io.persona.models.hashing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StableHashTest {

  @Test
  void valuesArePinnedSoEveryJvmAndReleaseHoldsOutTheSameSlates() {
    // Changing these changes which slates are held out and which negatives are kept: a re-run of
    // an old interval would no longer give the examples it gave.
    assertEquals(PINNED_EMPTY, StableHash.unit(""));
    assertEquals(PINNED_REQUEST, StableHash.unit("req-42"));
  }

  @Test
  void mixerIsTheSplitMix64Finalizer() {
    // the first two outputs of SplitMix64 seeded with 0 are mix64(γ) and mix64(2γ)
    assertEquals(0xE220A8397B1DCDAFL, StableHash.mix64(0x9E3779B97F4A7C15L));
    assertEquals(0x6E789E6AA1B965F4L, StableHash.mix64(2 * 0x9E3779B97F4A7C15L));
  }

  @Test
  void aLongKeysPositionIsTheTop53BitsOfItsMix() {
    assertEquals((0xE220A8397B1DCDAFL >>> 11) * 0x1.0p-53, StableHash.unit(0x9E3779B97F4A7C15L));
    assertEquals(0.0, StableHash.unit(0L));
  }

  @Test
  void valuesAreSpreadUniformlyOverTheUnitInterval() {
    int n = 100_000;
    int[] deciles = new int[10];
    for (int i = 0; i < n; i++) {
      double u = StableHash.unit("req-" + i + "|item-" + (i % 7));
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
