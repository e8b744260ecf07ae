package io.persona.streams.ingest;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * {@code persona.ingest}: how much ingest work a node takes on at once.
 *
 * @param maxQueueWait how long an event may wait in the queue for a free slot before it is
 *                     answered unavailable without being tried
 */
public record IngestSettings(int parallelism, int bufferSize, Duration askTimeout, Duration maxQueueWait) {

  public static IngestSettings fromConfig(Config config) {
    Config ingest = config.getConfig("persona.ingest");
    return new IngestSettings(ingest.getInt("parallelism"), ingest.getInt("buffer-size"),
        ingest.getDuration("ask-timeout"), ingest.getDuration("max-queue-wait"));
  }
}
