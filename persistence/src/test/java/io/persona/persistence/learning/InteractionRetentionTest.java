package io.persona.persistence.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InteractionRetentionTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final Duration HORIZON = Duration.ofDays(90);
  private final InteractionRetention retention = new InteractionRetention(HORIZON, Duration.ofDays(730));

  @Test
  void liveTrafficIsKeptForWhatIsLeftOfTheHorizonAfterItsOwnTime() {
    assertEquals(OptionalLong.of(HORIZON.toSeconds()), retention.ttlSeconds(NOW, NOW));
    assertEquals(OptionalLong.of(Duration.ofDays(1).toSeconds()),
        retention.ttlSeconds(NOW.minus(Duration.ofDays(89)), NOW));
  }

  @Test
  void aHistoryOlderThanTheHorizonIsKeptForAHorizonAfterItArrived_upToTheReach() {
    assertEquals(OptionalLong.of(HORIZON.toSeconds()), retention.ttlSeconds(NOW.minus(HORIZON), NOW));
    assertEquals(OptionalLong.of(HORIZON.toSeconds()), retention.ttlSeconds(NOW.minus(Duration.ofDays(730)), NOW));
    assertTrue(retention.ttlSeconds(NOW.minus(Duration.ofDays(731)), NOW).isEmpty());
  }

  @Test
  void aReachOfZeroKeepsNothingOlderThanTheHorizon() {
    InteractionRetention strict = new InteractionRetention(HORIZON, Duration.ZERO);
    assertTrue(strict.ttlSeconds(NOW.minus(Duration.ofDays(91)), NOW).isEmpty());
    assertEquals(OptionalLong.of(Duration.ofDays(1).toSeconds()),
        strict.ttlSeconds(NOW.minus(Duration.ofDays(89)), NOW));
  }

  @Test
  void noKeptRowIsOlderThanTheReachPlusTheHorizon() {
    // an arrival at the edge of the reach stays a whole horizon more
    Instant arrived = NOW.minus(HORIZON);
    Instant eventTime = arrived.minus(Duration.ofDays(730));
    assertTrue(retention.ttlSeconds(eventTime, arrived).isPresent());
    assertEquals(eventTime, retention.oldestKept(NOW));
  }

  @Test
  void aNonPositiveHorizonOrANegativeReachIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new InteractionRetention(Duration.ZERO, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new InteractionRetention(HORIZON, Duration.ofDays(-1)));
  }
}
