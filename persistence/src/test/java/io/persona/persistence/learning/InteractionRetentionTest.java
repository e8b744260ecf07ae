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
  private static final OptionalLong A_HORIZON = OptionalLong.of(HORIZON.toSeconds());
  private final InteractionRetention retention = new InteractionRetention(HORIZON, Duration.ofDays(730));

  @Test
  void everyArrivalWithinTheReachIsKeptForAHorizon_soAnImportedHistoryExpiresWhole() {
    assertEquals(A_HORIZON, retention.ttlSeconds(NOW, NOW), "live traffic");
    assertEquals(A_HORIZON, retention.ttlSeconds(NOW.minus(Duration.ofDays(89)), NOW),
        "the newest part of an import lasts as long as its oldest");
    assertEquals(A_HORIZON, retention.ttlSeconds(NOW.minus(Duration.ofDays(91)), NOW));
    assertEquals(A_HORIZON, retention.ttlSeconds(NOW.minus(Duration.ofDays(730)), NOW));
    assertTrue(retention.ttlSeconds(NOW.minus(Duration.ofDays(730)).minusSeconds(1), NOW).isEmpty(),
        "beyond the reach");
  }

  @Test
  void aReachOfZeroKeepsAnEventForWhatIsLeftOfTheHorizonAfterItsOwnTime() {
    InteractionRetention strict = new InteractionRetention(HORIZON, Duration.ZERO);
    assertEquals(OptionalLong.of(Duration.ofDays(1).toSeconds()),
        strict.ttlSeconds(NOW.minus(Duration.ofDays(89)), NOW));
    assertTrue(strict.ttlSeconds(NOW.minus(HORIZON), NOW).isEmpty());
    assertTrue(strict.ttlSeconds(NOW.minus(Duration.ofDays(91)), NOW).isEmpty());
    assertEquals(NOW.minus(HORIZON), strict.oldestKept(NOW));
  }

  @Test
  void aTrainingScanThatStartsAtOldestKeptMissesNoKeptRow() {
    // the oldest row that can still exist: it arrived at the edge of the reach a horizon ago
    Instant arrived = NOW.minus(HORIZON).plusSeconds(1);
    Instant eventTime = arrived.minus(Duration.ofDays(730));
    long ttl = retention.ttlSeconds(eventTime, arrived).orElseThrow();
    assertTrue(arrived.plusSeconds(ttl).isAfter(NOW), "still kept now");
    assertTrue(!eventTime.isBefore(retention.oldestKept(NOW)), "and inside the scan");
  }

  @Test
  void aNonPositiveHorizonOrANegativeReachIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new InteractionRetention(Duration.ZERO, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new InteractionRetention(HORIZON, Duration.ofDays(-1)));
  }
}
