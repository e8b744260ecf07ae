package io.persona.persistence.learning;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * How the retraining loop's logs are stored ({@code persona.learning.store}): the outcome log and
 * the training examples.
 *
 * @param ttl    how long a row lives; written with each insert, so a change applies to new rows
 * @param shards partitions per hour bucket. Reads scan shards 0..shards-1, so raising it is safe;
 *               lowering it hides rows written under the higher count until they expire
 */
public record LearningStoreSettings(Duration ttl, int shards) {
  /** Cassandra refuses a TTL above 20 years. */
  private static final Duration MAX_TTL = Duration.ofSeconds(630_720_000);

  public LearningStoreSettings {
    if (ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("learning.store.ttl must be between 1s and 20 years, was " + ttl);
    }
    if (shards < 1) {
      throw new IllegalArgumentException("learning.store.shards must be at least 1, was " + shards);
    }
  }

  public static LearningStoreSettings fromConfig(Config config) {
    Config store = config.getConfig("persona.learning.store");
    return new LearningStoreSettings(store.getDuration("ttl"), store.getInt("shards"));
  }

  int ttlSeconds() {
    return Math.toIntExact(ttl.toSeconds());
  }
}
