package io.persona.persistence.learning;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * How long the interaction log keeps an interaction: for the {@code horizon} after it arrives,
 * when it is at most {@code backfillReach} old on arrival. Live traffic arrives at once, so it is
 * kept for the horizon after its own time, as before; an imported or replayed history is kept
 * whole for a horizon after the import (its oldest part does not outlive its newest), so a new
 * installation learns from the history it was given until its own traffic fills the horizon.
 * Nothing stays longer than a horizon after it arrived. With a reach of 0 an event is kept only
 * for what is left of the horizon after its own time, and nothing older than the horizon.
 *
 * @param horizon       {@code persona.learning.history.horizon}
 * @param backfillReach {@code persona.learning.history.backfill-reach}
 */
public record InteractionRetention(Duration horizon, Duration backfillReach) {
  public InteractionRetention {
    if (horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("persona.learning.history.horizon must be positive, was " + horizon);
    }
    if (backfillReach.isNegative()) {
      throw new IllegalArgumentException("persona.learning.history.backfill-reach must not be negative, was "
          + backfillReach);
    }
  }

  /** The row's TTL for an interaction at {@code eventTime} written at {@code now}; empty: not kept. */
  public OptionalLong ttlSeconds(Instant eventTime, Instant now) {
    Duration age = Duration.between(eventTime, now);
    if (backfillReach.isZero()) {
      long left = horizon.minus(age).toSeconds();
      return left > 0 ? OptionalLong.of(left) : OptionalLong.empty();
    }
    return age.compareTo(backfillReach) <= 0 ? OptionalLong.of(horizon.toSeconds()) : OptionalLong.empty();
  }

  /** No kept interaction is older than this at {@code now}: where a training scan can start. */
  public Instant oldestKept(Instant now) {
    return backfillReach.isZero() ? now.minus(horizon) : now.minus(horizon.plus(backfillReach));
  }
}
