package io.persona.streams.kafka;

import com.typesafe.config.Config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Where and how the project's own Kafka broker runs ({@code persona.kafka.local}): one KRaft
 * process that is both broker and controller.
 *
 * @param libDir         the broker's jars, resolved by Maven into streams/kafka-broker/target/lib
 * @param dataDir        its topics, metadata, generated configuration and logs
 * @param port           the clients' port
 * @param controllerPort the KRaft controller's port
 * @param partitions     partitions of a topic the broker creates on first use
 */
public record LocalBrokerSettings(Path libDir, Path dataDir, String host, int port, int controllerPort,
                                  int partitions, String heap, Duration startTimeout) {

  private static final Path LIB_IN_PROJECT = Paths.get("streams", "kafka-broker", "target", "lib");

  public static LocalBrokerSettings fromConfig(Config local) {
    return new LocalBrokerSettings(resolveLibDir(local.getString("lib-dir")),
        Paths.get(local.getString("data-dir")).toAbsolutePath(), local.getString("host"), local.getInt("port"),
        local.getInt("controller-port"), local.getInt("partitions"), local.getString("heap"),
        local.getDuration("start-timeout"));
  }

  public String bootstrapServers() {
    return host + ":" + port;
  }

  /** An explicit setting wins; else the project's lib folder, found from the working directory upwards. */
  public static Path resolveLibDir(String configured) {
    if (!configured.isBlank()) {
      return Paths.get(configured).toAbsolutePath();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(LIB_IN_PROJECT);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return Paths.get("").toAbsolutePath().resolve(LIB_IN_PROJECT);
  }
}
