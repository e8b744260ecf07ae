package io.persona.gateway.node;

import com.typesafe.config.Config;
import io.persona.gateway.json.EventRecordDecoder;
import io.persona.models.events.UserEventRules;
import io.persona.streams.ingest.EventIngest;
import io.persona.streams.kafka.KafkaEventConsumer;
import io.persona.streams.kafka.KafkaIngestSettings;
import io.persona.streams.kafka.LocalBrokerSettings;
import io.persona.streams.kafka.LocalKafkaBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * The node's Kafka consumer, when {@code persona.kafka.enabled}: into the same ingest stream as
 * POST /v1/events. With {@code persona.kafka.local.enabled} (the local profile) the project's own
 * broker is started first, or reused, when bootstrap-servers names it (the default does).
 */
final class KafkaIngestion implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaIngestion.class);

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
    LocalBrokerSettings local = LocalBrokerSettings.fromConfig(config.getConfig("persona.kafka.local"));
    if (config.getBoolean("persona.kafka.local.enabled")) {
      if (settings.bootstrapServers().equals(local.bootstrapServers())) {
        LocalKafkaBroker started = LocalKafkaBroker.ensureRunning(local);
        started.stopOnlyWhenClosed(); // after this node's consumer has stopped reading from it
        broker = Optional.of(started);
      } else {
        log.info("Not starting the local Kafka broker ({}): persona.kafka.bootstrap-servers names {}",
            local.bootstrapServers(), settings.bootstrapServers());
      }
    }
    try {
      KafkaEventConsumer consumer = KafkaEventConsumer.start(settings,
          new EventRecordDecoder(rules, Clock.systemUTC()), ingest::submit);
      return Optional.of(new KafkaIngestion(broker, consumer));
    } catch (RuntimeException e) {
      broker.ifPresent(LocalKafkaBroker::close); // a broker this node started must not outlive it
      throw e;
    }
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
