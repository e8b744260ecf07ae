package io.persona.streams.ingest;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * {@code persona.import}: the history import's limits (see reference.conf).
 *
 * @param maxEventsPerPersist a user's events of one request go to its entity in slices of at most
 *                            this many, each one persistAll
 * @param requestTimeout      how long an import request may run; a user that waited longer for its
 *                            turn is answered unconfirmed without being tried
 */
public record ImportSettings(
    long maxBodyBytes,
    int maxEventsPerRequest,
    int maxEventsPerPersist,
    Duration askTimeout,
    Duration requestTimeout,
    int itemsChunk) {

  public ImportSettings {
    if (maxEventsPerPersist < 1 || itemsChunk < 1 || maxEventsPerRequest < 1) {
      throw new IllegalArgumentException("persona.import: sizes must be positive");
    }
  }

  public static ImportSettings fromConfig(Config config) {
    Config settings = config.getConfig("persona.import");
    return new ImportSettings(
        settings.getBytes("max-body-bytes"),
        settings.getInt("max-events-per-request"),
        settings.getInt("max-events-per-persist"),
        settings.getDuration("ask-timeout"),
        settings.getDuration("request-timeout"),
        settings.getInt("items-chunk"));
  }
}
