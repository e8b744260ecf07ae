package io.persona.persistence.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;

class LearningStoreSettingsTest {

  @Test
  void theReferenceDefaultsAreRead() {
    LearningStoreSettings settings = LearningStoreSettings.fromConfig(ConfigFactory.load());
    assertEquals(Duration.ofDays(30), settings.ttl());
    assertEquals(4, settings.shards());
    assertEquals(30 * 24 * 3600, settings.ttlSeconds());
  }

  @Test
  void configuredValuesAreRead() {
    LearningStoreSettings settings = LearningStoreSettings.fromConfig(
        ConfigFactory.parseString("persona.learning.store { ttl = 2h, shards = 7 }"));
    assertEquals(new LearningStoreSettings(Duration.ofHours(2), 7), settings);
  }

  @Test
  void aTtlCassandraWouldRefuseAndNoShardsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new LearningStoreSettings(Duration.ofMillis(10), 4));
    assertThrows(IllegalArgumentException.class, () -> new LearningStoreSettings(Duration.ofDays(365 * 21), 4));
    assertThrows(IllegalArgumentException.class, () -> new LearningStoreSettings(Duration.ofDays(1), 0));
  }
}
