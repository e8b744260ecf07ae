package io.persona.gateway.node;

import com.typesafe.config.Config;
import io.persona.gateway.json.EventRecordDecoder;
import io.persona.models.events.UserEventRules;
import io.persona.streams.ingest.EventIngest;
import io.persona.streams.kafka.KafkaEventConsumer;
import io.persona.streams.kafka.KafkaIngestSettings;
import io.persona.streams.kafka.LocalBrokerSettings;
import io.persona.streams.kafka.LocalKafkaBroker;

import java.time.Clock;
import java.util.Optional;

/**
 * The node's Kafka consumer, when {@code persona.kafka.enabled}: into the same ingest stream as
 * POST /v1/events. With {@code persona.kafka.local.enabled} (the local profile) the project's own
 * broker is started first, or reused, and bootstrap-servers points at it.
 */
final class KafkaIngestion implements AutoCloseable {
  private final Optional<LocalKafkaBroker> broker;
  private final KafkaEventConsumer consumer;

  private KafkaIngestion(Optional<LocalKafkaBroker> broker, KafkaEventConsumer consumer) {
    this.broker = broker;
    this.consumer = consumer;
  }

  /** Empty when Kafka ingestion is off. */
  static Optional<KafkaIngestion> start(Config config, KafkaIngestSettings settings, EventIngest ingest,
                                        UserEventRules rules) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    Optional<LocalKafkaBroker> broker = Optional.empty();
    if (config.getBoolean("persona.kafka.local.enabled")) {
      LocalKafkaBroker local = LocalKafkaBroker.ensureRunning(
          LocalBrokerSettings.fromConfig(config.getConfig("persona.kafka.local")));
      local.stopOnlyWhenClosed(); // after this node's consumer has stopped reading from it
      broker = Optional.of(local);
      settings = withBootstrap(settings, local.bootstrapServers());
    }
    KafkaEventConsumer consumer = KafkaEventConsumer.start(settings, new EventRecordDecoder(rules, Clock.systemUTC()),
        ingest::submit);
    return Optional.of(new KafkaIngestion(broker, consumer));
  }

  private static KafkaIngestSettings withBootstrap(KafkaIngestSettings s, String servers) {
    return new KafkaIngestSettings(s.enabled(), servers, s.topic(), s.deadLetterTopic(), s.groupId(),
        s.maxPollRecords(), s.maxInFlightBatches(), s.pollTimeout(), s.retryMin(), s.retryMax(), s.drainTimeout(),
        s.lagInterval(), s.sessionTimeout(), s.client());
  }

  /** Stops consuming: what is persisted is committed, the rest is redelivered. Call while the node still runs. */
  void stopConsuming() {
    consumer.close();
  }

  /** The local broker, if this node started it, stops last. */
  @Override
  public void close() {
    consumer.close();
    broker.ifPresent(LocalKafkaBroker::close);
  }
}
