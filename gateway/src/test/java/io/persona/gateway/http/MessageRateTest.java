package io.persona.gateway.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageRateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstOfTheRateIsAllowedThenOneMessagePerIntervalAsTimePasses() {
    MessageRate rate = new MessageRate(20);
    long t = 5 * SECOND;
    int allowed = 0;
    for (int i = 0; i < 50; i++) {
      allowed += rate.tryAcquire(t) ? 1 : 0;
    }
    assertEquals(20, allowed, "a burst as large as the rate");
    assertFalse(rate.tryAcquire(t + SECOND / 40), "half an interval later");
    assertTrue(rate.tryAcquire(t + SECOND / 20 + 1), "one interval later");
    int later = 0;
    for (int i = 0; i < 50; i++) {
      later += rate.tryAcquire(t + 10 * SECOND) ? 1 : 0;
    }
    assertEquals(20, later, "an idle socket saves no more than one burst");
  }
}
