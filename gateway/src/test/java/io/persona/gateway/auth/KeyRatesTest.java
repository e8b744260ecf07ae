package io.persona.gateway.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRatesTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aKeyGetsItsRateAsABurstThenWaits() {
    KeyRates rates = new KeyRates();
    for (int i = 0; i < 5; i++) {
      assertTrue(rates.tryAcquire("a", 5, 0).isEmpty(), "request " + i);
    }
    assertEquals(Duration.ofMillis(200), rates.tryAcquire("a", 5, 0).orElseThrow());
    assertTrue(rates.tryAcquire("b", 5, 0).isEmpty(), "another key has its own bucket");
    assertTrue(rates.tryAcquire("a", 5, SECOND / 5).isEmpty(), "one token back after 200 ms");
    assertTrue(rates.tryAcquire("a", 5, SECOND / 5).isPresent());
    for (int i = 0; i < 5; i++) {
      assertTrue(rates.tryAcquire("a", 5, 10 * SECOND).isEmpty(), "refilled to the burst only");
    }
    assertTrue(rates.tryAcquire("a", 5, 10 * SECOND).isPresent());
  }

  @Test
  void aLongIdleKeyIsNotPunishedAndIdleBucketsAreForgotten() {
    KeyRates rates = new KeyRates();
    assertTrue(rates.tryAcquire("fast", 1_000_000, 0).isEmpty());
    long days = 3L * 24 * 3600 * SECOND;
    assertTrue(rates.tryAcquire("fast", 1_000_000, days).isEmpty(), "no overflow after days idle");
    rates.tryAcquire("user:a", 20, days);
    rates.forgetIdle(days + 30 * SECOND, Duration.ofMinutes(1));
    assertEquals(2, rates.size());
    rates.forgetIdle(days + 61 * SECOND, Duration.ofMinutes(1));
    assertEquals(0, rates.size());
  }
}
