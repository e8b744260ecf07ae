package io.persona.streams.learning;

import io.persona.models.events.UserEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which events the outcome log receives: positives that may still answer a slate, not history. */
class OutcomeRecorderTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final OutcomeRecorder RECORDER = new OutcomeRecorder(null, Set.of("click", "purchase"),
      Duration.ofMinutes(7), Clock.fixed(NOW, ZoneOffset.UTC));

  private static UserEvent event(String type, Instant at) {
    return new UserEvent("e", "u", type, "i", at, null, null, Map.of());
  }

  @Test
  void aFreshPositiveIsRecordedAndAViewIsNot() {
    assertTrue(RECORDER.records(event("click", NOW.minusSeconds(3)), NOW));
    assertFalse(RECORDER.records(event("view", NOW.minusSeconds(3)), NOW));
  }

  @Test
  void aPositiveFromAProducerWhoseClockRunsAheadIsRecorded() {
    assertTrue(RECORDER.records(event("purchase", NOW.plusSeconds(90)), NOW));
  }

  @Test
  void anImportedPurchaseOfLastYearIsNotAnOutcomeOfAnySlateServedNow() {
    assertFalse(RECORDER.records(event("purchase", NOW.minus(Duration.ofDays(365))), NOW));
    assertFalse(RECORDER.records(event("purchase", NOW.minus(Duration.ofMinutes(8))), NOW));
    assertTrue(RECORDER.records(event("purchase", NOW.minus(Duration.ofMinutes(7))), NOW));
  }
}
