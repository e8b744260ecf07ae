package io.persona.streams.learning;

import io.persona.actors.activity.ActivityPulse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatchUpTest {
  private static final CatchUp CATCH_UP = new CatchUp(3, Duration.ofSeconds(10));
  private static final long SECOND = 1_000_000_000L;

  /** A clock reading this many seconds after the pulse's newest action. */
  private static long after(ActivityPulse pulse, long seconds) {
    return pulse.lastNanos() + seconds * SECOND;
  }

  @Test
  void aBurstIsDueOnceItHasSettled() {
    ActivityPulse pulse = new ActivityPulse();
    long[] now = {0};
    CatchUp.Tracker tracker = CATCH_UP.track(pulse, () -> now[0]);
    for (int i = 0; i < 3; i++) {
      pulse.observed();
    }

    now[0] = after(pulse, 2);
    assertFalse(tracker.due(), "still arriving: not quiet for 10 s yet");
    now[0] = after(pulse, 10);
    assertTrue(tracker.due(), "three new actions, then 10 s of quiet");

    tracker.running();
    now[0] = after(pulse, 60);
    assertFalse(tracker.due(), "nothing new since the run");
  }

  @Test
  void tooFewNewActionsWaitForTheInterval() {
    ActivityPulse pulse = new ActivityPulse();
    long[] now = {0};
    CatchUp.Tracker tracker = CATCH_UP.track(pulse, () -> now[0]);
    pulse.observed();
    pulse.observed();

    now[0] = after(pulse, 600);
    assertFalse(tracker.due());
    pulse.observed();
    now[0] = after(pulse, 600);
    assertTrue(tracker.due());
  }

  @Test
  void actionsBeforeTheTrackerStartedDoNotCount() {
    ActivityPulse pulse = new ActivityPulse();
    for (int i = 0; i < 10; i++) {
      pulse.observed();
    }
    long[] now = {0};
    CatchUp.Tracker tracker = CATCH_UP.track(pulse, () -> now[0]);
    now[0] = after(pulse, 60);
    assertFalse(tracker.due());
  }

  @Test
  void settingsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new CatchUp(0, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> new CatchUp(1, Duration.ofSeconds(-1)));
  }
}
