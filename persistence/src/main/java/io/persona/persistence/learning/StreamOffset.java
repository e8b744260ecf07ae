package io.persona.persistence.learning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * How far a stream job got: it has processed its input up to {@code offset} (exclusive), and
 * these are its running counters (joined, dropped, ...), saved with the offset so a restart
 * resumes both together.
 *
 * @param offset    exact to the nanosecond
 * @param updatedAt when it was saved; informational, kept to the millisecond (a Cassandra
 *                  timestamp), so it is truncated here and a loaded offset equals the saved one
 */
public record StreamOffset(String stream, Instant offset, Map<String, Long> counters, Instant updatedAt) {

  public StreamOffset {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(offset, "offset");
    Objects.requireNonNull(updatedAt, "updatedAt");
    counters = counters == null ? Map.of() : Map.copyOf(counters);
    updatedAt = updatedAt.truncatedTo(ChronoUnit.MILLIS);
  }
}
