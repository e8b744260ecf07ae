package io.persona.streams.ingest;

import com.typesafe.config.Config;

import java.time.Duration;

/**
 * {@code persona.ingest}: how much ingest work a node takes on at once.
 *
 * @param maxQueueWait how long an event may wait in the queue for a free slot before it is
 *                     answered unavailable without being tried
 * @param logBatch     the most rows of the outcome and interaction logs written in one request
 *                     (events of different users joined; 1: a request per row)
 * @param logLinger    the longest such a row waits for others to join it
 */
public record IngestSettings(int parallelism, int bufferSize, Duration askTimeout, Duration maxQueueWait,
                             int logBatch, Duration logLinger) {

  public static IngestSettings fromConfig(Config config) {
    Config ingest = config.getConfig("persona.ingest");
    return new IngestSettings(ingest.getInt("parallelism"), ingest.getInt("buffer-size"),
        ingest.getDuration("ask-timeout"), ingest.getDuration("max-queue-wait"),
        ingest.getInt("log-batch"), ingest.getDuration("log-linger"));
  }
}
