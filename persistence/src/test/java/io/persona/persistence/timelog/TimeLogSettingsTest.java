package io.persona.persistence.timelog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;

class TimeLogSettingsTest {

  @Test
  void theReferenceDefaultsOfBothLogsAreRead() {
    for (String path : new String[] {"persona.prediction-log", "persona.learning.store"}) {
      TimeLogSettings settings = TimeLogSettings.fromConfig(ConfigFactory.load(), path);
      assertEquals(Duration.ofDays(30), settings.ttl(), path);
      assertEquals(4, settings.shards(), path);
      assertEquals(30 * 24 * 3600, settings.ttlSeconds(), path);
    }
  }

  @Test
  void configuredValuesAreRead() {
    TimeLogSettings settings = TimeLogSettings.fromConfig(
        ConfigFactory.parseString("persona.learning.store { ttl = 2h, shards = 7 }"), "persona.learning.store");
    assertEquals(new TimeLogSettings(Duration.ofHours(2), 7), settings);
  }

  @Test
  void aTtlCassandraWouldRefuseAndNoShardsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new TimeLogSettings(Duration.ZERO, 4));
    assertThrows(IllegalArgumentException.class, () -> new TimeLogSettings(Duration.ofMillis(10), 4));
    assertThrows(IllegalArgumentException.class, () -> new TimeLogSettings(Duration.ofDays(365 * 21), 4));
    assertThrows(IllegalArgumentException.class, () -> new TimeLogSettings(Duration.ofDays(1), 0));
  }

  @Test
  void aRefusedSettingNamesItsPath() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TimeLogSettings.fromConfig(
        ConfigFactory.parseString("persona.prediction-log { ttl = 1d, shards = 0 }"), "persona.prediction-log"));
    assertTrue(refused.getMessage().startsWith("persona.prediction-log.shards"), refused.getMessage());
  }
}
