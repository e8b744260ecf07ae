package io.persona.persistence.predictions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;

class PredictionLogSettingsTest {

  @Test
  void theReferenceDefaultsAreRead() {
    PredictionLogSettings settings = PredictionLogSettings.fromConfig(ConfigFactory.load());
    assertEquals(Duration.ofDays(30), settings.ttl());
    assertEquals(4, settings.shards());
    assertEquals(30 * 24 * 3600, settings.ttlSeconds());
  }

  @Test
  void aTtlCassandraWouldRefuseAndNoShardsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new PredictionLogSettings(Duration.ZERO, 4));
    assertThrows(IllegalArgumentException.class, () -> new PredictionLogSettings(Duration.ofDays(365 * 21), 4));
    assertThrows(IllegalArgumentException.class, () -> new PredictionLogSettings(Duration.ofDays(1), 0));
  }
}
