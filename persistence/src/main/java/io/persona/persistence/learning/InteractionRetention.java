package io.persona.persistence.learning;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * How long the interaction log keeps an interaction. Live traffic is kept for the {@code horizon}
 * after its own time. An interaction that arrives already older than the horizon (an imported or
 * replayed history) is kept for the horizon after its arrival, as long as it is at most
 * {@code backfillReach} old: a new installation learns from the history it was given until its own
 * traffic fills the horizon, instead of keeping only the history's last days. Nothing stays longer
 * than the horizon after it arrived.
 *
 * @param horizon       {@code persona.learning.history.horizon}
 * @param backfillReach {@code persona.learning.history.backfill-reach}; 0 keeps nothing older than the horizon
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
    long withinHorizon = horizon.minus(age).toSeconds();
    if (withinHorizon > 0) {
      return OptionalLong.of(withinHorizon);
    }
    return age.compareTo(backfillReach) <= 0 ? OptionalLong.of(horizon.toSeconds()) : OptionalLong.empty();
  }

  /** No kept interaction is older than this at {@code now}: where a training scan can start. */
  public Instant oldestKept(Instant now) {
    return now.minus(horizon.plus(backfillReach));
  }
}
