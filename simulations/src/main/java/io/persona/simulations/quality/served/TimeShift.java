package io.persona.simulations.quality.served;

import java.time.Instant;

/**
 * One constant offset added to every timestamp of a replayed history, so that it ends about now:
 * a node keeps and weighs what happened within its horizon before now, and a history from years
 * ago would be outside it. Gaps between events are kept as they were.
 */
public record TimeShift(long offsetMillis) {

  /** The shift that moves the last event ({@code lastMillis}) to {@code now}. */
  public static TimeShift endingAt(long lastMillis, Instant now) {
    return new TimeShift(now.toEpochMilli() - lastMillis);
  }

  public Instant apply(long millis) {
    return Instant.ofEpochMilli(millis + offsetMillis);
  }
}
