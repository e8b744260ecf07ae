package io.persona.streams.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code persona.kafka}: where events are consumed from and how much of them a node takes on at
 * once. See reference.conf for each setting's meaning.
 *
 * @param client more Kafka client properties (security, rack), given to the consumer and the
 *               dead-letter producer as they are
 */
public record KafkaIngestSettings(
    boolean enabled, String bootstrapServers, String topic, String deadLetterTopic, String groupId,
    int maxPollRecords, int maxInFlightBatches, Duration pollTimeout, Duration retryMin, Duration retryMax,
    Duration drainTimeout, Duration lagInterval, Duration sessionTimeout, Map<String, String> client) {

  public KafkaIngestSettings {
    if (enabled && topic.equals(deadLetterTopic)) {
      throw new IllegalArgumentException("persona.kafka.dead-letter-topic must differ from persona.kafka.topic ("
          + topic + "): dead letters would be consumed again");
    }
    if (maxInFlightBatches < 1 || maxPollRecords < 1) {
      throw new IllegalArgumentException("persona.kafka.max-in-flight-batches and max-poll-records must be at least 1");
    }
    client = Map.copyOf(client);
  }

  public static KafkaIngestSettings fromConfig(Config config) {
    Config kafka = config.getConfig("persona.kafka");
    Map<String, String> client = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> entry : kafka.getConfig("client").entrySet()) {
      client.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
    }
    return new KafkaIngestSettings(kafka.getBoolean("enabled"), kafka.getString("bootstrap-servers"),
        kafka.getString("topic"), kafka.getString("dead-letter-topic"), kafka.getString("group-id"),
        kafka.getInt("max-poll-records"), kafka.getInt("max-in-flight-batches"), kafka.getDuration("poll-timeout"),
        kafka.getDuration("retry-min"), kafka.getDuration("retry-max"), kafka.getDuration("drain-timeout"),
        kafka.getDuration("lag-interval"), kafka.getDuration("session-timeout"), client);
  }

  /** The delay before the {@code attempt}-th resubmission (1, 2, ...): doubling from retry-min, at most retry-max. */
  Duration retryDelay(int attempt) {
    long millis = retryMin.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, retryMax.toMillis()));
  }
}
