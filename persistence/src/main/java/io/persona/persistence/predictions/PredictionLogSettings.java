package io.persona.persistence.predictions;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * How the prediction log is stored ({@code persona.prediction-log}).
 *
 * @param ttl    how long a row lives; written with each insert, so a change applies to new rows
 * @param shards partitions per hour bucket. Reads scan shards 0..shards-1, so raising it is safe;
 *               lowering it hides rows written under the higher count until they expire
 */
public record PredictionLogSettings(Duration ttl, int shards) {
  /** Cassandra refuses a TTL above 20 years. */
  private static final Duration MAX_TTL = Duration.ofSeconds(630_720_000);

  public PredictionLogSettings {
    if (ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("prediction-log.ttl must be between 1s and 20 years, was " + ttl);
    }
    if (shards < 1) {
      throw new IllegalArgumentException("prediction-log.shards must be at least 1, was " + shards);
    }
  }

  public static PredictionLogSettings fromConfig(Config config) {
    Config log = config.getConfig("persona.prediction-log");
    return new PredictionLogSettings(log.getDuration("ttl"), log.getInt("shards"));
  }

  int ttlSeconds() {
    return Math.toIntExact(ttl.toSeconds());
  }
}
