package io.persona.persistence.timelog;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * How one time-ordered log is stored: {@code persona.prediction-log} for served slates,
 * {@code persona.learning.store} for outcomes and training examples.
 *
 * @param ttl    how long a row lives; written with each insert, so a change applies to new rows
 * @param shards partitions per hour bucket. Reads scan shards 0..shards-1, so raising it is safe;
 *               lowering it hides rows written under the higher count until they expire
 */
public record TimeLogSettings(Duration ttl, int shards) {
  /** Cassandra refuses a TTL above 20 years. */
  private static final Duration MAX_TTL = Duration.ofSeconds(630_720_000);

  public TimeLogSettings {
    if (ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("ttl must be between 1s and 20 years, was " + ttl);
    }
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, was " + shards);
    }
  }

  /** The settings under {@code path} (e.g. {@code persona.prediction-log}); a refusal names the path. */
  public static TimeLogSettings fromConfig(Config config, String path) {
    Config log = config.getConfig(path);
    try {
      return new TimeLogSettings(log.getDuration("ttl"), log.getInt("shards"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + "." + e.getMessage(), e);
    }
  }

  public int ttlSeconds() {
    return Math.toIntExact(ttl.toSeconds());
  }
}
