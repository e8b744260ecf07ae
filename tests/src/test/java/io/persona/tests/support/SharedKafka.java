package io.persona.tests.support;

import io.persona.simulations.node.ProjectRoot;
import io.persona.streams.kafka.LocalBrokerSettings;
import io.persona.streams.kafka.LocalKafkaBroker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The tests' Kafka broker: the project's own launcher (the same as {@code ./persona up --kafka}),
 * a real single-node KRaft broker in its own JVM on ports of its own, started once per test JVM
 * and stopped at its exit. A broker that cannot start fails the test that needs it.
 */
public final class SharedKafka {
  private static LocalBrokerSettings settings;
  private static LocalKafkaBroker broker;

  private SharedKafka() {}

  public static synchronized String bootstrapServers() {
    if (broker == null) {
      Path data = ProjectRoot.target("tests", "kafka-" + UUID.randomUUID().toString().substring(0, 8));
      settings = new LocalBrokerSettings(LocalBrokerSettings.resolveLibDir(""), data, "127.0.0.1", FreePorts.next(),
          FreePorts.next(), 4, "384m", Duration.ofMinutes(2));
      broker = LocalKafkaBroker.ensureRunning(settings);
    }
    return broker.bootstrapServers();
  }

  /** Stops the broker (SIGTERM, a controlled shutdown) and starts it again on the same data. */
  public static synchronized void restart() {
    bootstrapServers();
    broker.close();
    broker = LocalKafkaBroker.ensureRunning(settings);
  }
}
