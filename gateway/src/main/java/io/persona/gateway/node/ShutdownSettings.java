package io.persona.gateway.node;

import com.typesafe.config.Config;

import java.time.Duration;

/** {@code persona.shutdown}: how a node leaves without failing requests. */
public record ShutdownSettings(Duration drain, Duration requestsDone) {

  public static ShutdownSettings fromConfig(Config config) {
    Config c = config.getConfig("persona.shutdown");
    return new ShutdownSettings(c.getDuration("drain"), c.getDuration("requests-done"));
  }
}
