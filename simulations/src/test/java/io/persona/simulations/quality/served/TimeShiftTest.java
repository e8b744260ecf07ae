package io.persona.simulations.quality.served;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeShiftTest {

  @Test
  void theLastEventLandsOnNowAndGapsStayAsTheyWere() {
    Instant first = Instant.parse("2010-12-01T08:26:00Z");
    Instant last = Instant.parse("2011-12-09T12:50:00Z");
    Instant now = Instant.parse("2026-12-03T07:00:00.123Z");

    TimeShift shift = TimeShift.endingAt(last.toEpochMilli(), now);

    assertEquals(now, shift.apply(last.toEpochMilli()));
    assertEquals(Duration.between(first, last), Duration.between(shift.apply(first.toEpochMilli()), now));
    Instant invoiceLine = Instant.parse("2011-06-15T10:00:00Z");
    assertEquals(Duration.between(first, invoiceLine),
        Duration.between(shift.apply(first.toEpochMilli()), shift.apply(invoiceLine.toEpochMilli())));
  }
}
