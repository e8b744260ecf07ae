package io.persona.actors.slate;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * {@code persona.prediction-log}: how served slates are buffered and written. How they are
 * stored (TTL, shards) is read from the same block by
 * {@link io.persona.persistence.timelog.TimeLogSettings}.
 *
 * @param bufferSize       slates waiting to be written; a full buffer drops the offered slate
 * @param batchSize        most slates per write
 * @param flushInterval    longest a slate waits for its batch to fill
 * @param writeParallelism batches being written at once
 * @param writeRetries     further attempts after a failed write (0: none)
 * @param retryDelay       pause before each further attempt
 * @param closeTimeout     how long {@code close()} waits for buffered slates to be written
 */
public record SlateLogWriterSettings(int bufferSize, int batchSize, Duration flushInterval,
                                          int writeParallelism, int writeRetries, Duration retryDelay,
                                          Duration closeTimeout) {

  public SlateLogWriterSettings {
    if (bufferSize < 1 || batchSize < 1 || writeParallelism < 1 || writeRetries < 0) {
      throw new IllegalArgumentException("prediction-log: buffer-size, batch-size and write-parallelism must be"
          + " at least 1 and write-retries at least 0");
    }
    if (flushInterval.isZero() || flushInterval.isNegative() || retryDelay.isNegative() || closeTimeout.isNegative()) {
      throw new IllegalArgumentException("prediction-log: flush-interval must be positive, retry-delay and"
          + " close-timeout not negative");
    }
  }

  public static SlateLogWriterSettings fromConfig(Config config) {
    Config log = config.getConfig("persona.prediction-log");
    return new SlateLogWriterSettings(
        log.getInt("buffer-size"),
        log.getInt("batch-size"),
        log.getDuration("flush-interval"),
        log.getInt("write-parallelism"),
        log.getInt("write-retries"),
        log.getDuration("retry-delay"),
        log.getDuration("close-timeout"));
  }
}
