package io.persona.persistence.timelog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An Instant stored in two columns: a Cassandra timestamp (milliseconds, so it can cluster and be
 * ranged over) and the nano-of-second beside it, so the exact Instant comes back on read. The
 * join and the trainer compare times to the nanosecond; losing the sub-millisecond part would
 * reorder events and move rows across a half-open range's edge.
 */
public final class NanoTimestamp {
  private NanoTimestamp() {}

  public static Instant millisOf(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  public static Instant exact(Instant millis, int nanoOfSecond) {
    return Instant.ofEpochSecond(millis.getEpochSecond(), nanoOfSecond);
  }
}
