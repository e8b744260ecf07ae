package io.persona.streams.learning;

import io.persona.actors.activity.ActivityPulse;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a retrainer should run before its interval is up: at least {@code minEvents} user actions
 * arrived since its last run (an import, a replay of a history) and the activity has then been
 * quiet for {@code settle}. A user who imports a history, or replays one through the API, gets
 * models trained on it about {@code settle} after the last event instead of up to a whole interval
 * later. Steady live traffic is never quiet for long, so it keeps the regular interval: training
 * early only uses time the node would spend idle.
 *
 * @param minEvents new actions that make an early run worthwhile
 * @param settle    how long the activity must have been quiet
 */
public record CatchUp(long minEvents, Duration settle) {

  public CatchUp {
    if (minEvents < 1 || settle.isNegative()) {
      throw new IllegalArgumentException("min-events must be positive and settle not negative: " + minEvents + ", "
          + settle);
    }
  }

  /** The state of one retrainer's catch-up over a node's activity pulse. */
  public Tracker track(ActivityPulse pulse, LongSupplier nanoTime) {
    return new Tracker(pulse, nanoTime);
  }

  /** Counts the actions since the retrainer's last run. Used by the one stream that runs it. */
  public final class Tracker {
    private final ActivityPulse pulse;
    private final LongSupplier nanoTime;
    private long eventsAtLastRun;

    private Tracker(ActivityPulse pulse, LongSupplier nanoTime) {
      this.pulse = pulse;
      this.nanoTime = nanoTime;
      this.eventsAtLastRun = pulse.events();
    }

    /** Whether a burst has arrived since the last run and settled. */
    public boolean due() {
      return pulse.events() - eventsAtLastRun >= minEvents && nanoTime.getAsLong() - pulse.lastNanos() >= settle.toNanos();
    }

    /** The retrainer is about to run: what arrived so far is what it trains on. */
    public void running() {
      eventsAtLastRun = pulse.events();
    }
  }
}
