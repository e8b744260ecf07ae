package io.persona.actors.node;

import io.persona.models.ranking.training.RankingSettings;
import com.typesafe.config.ConfigFactory;
import io.persona.models.features.StandardFeatures;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.training.CalibrationMethod;
import io.persona.models.ranking.training.FittingSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RankingConfigTest {

  @Test
  void theShippedDefaultsAreTheBenchmarkedOnes() {
    RankingSettings settings = RankingConfig.read(ConfigFactory.load().getConfig("persona.ranking"));
    assertEquals(StandardFeatures.Settings.defaults(), settings.features());
    assertEquals(DcnV2Architecture.defaults(), settings.dcn());
    assertEquals(FittingSettings.defaults().training(), settings.fitting().training());
    assertEquals(CalibrationMethod.ISOTONIC, settings.fitting().calibration());
    assertEquals(1.0, settings.fitting().negativeRate());
  }

  @Test
  void sizesAndRatesAreReadFromConfig() {
    RankingSettings settings = RankingConfig.read(ConfigFactory.parseString("""
        dcn { embedding-dimension = 4, cross-layers = 3, cross-rank = 0, deep-layers = [] }
        training.negative-rate = 0.05
        training.calibration = platt
        features.context-attributes = [locale]
        """).withFallback(ConfigFactory.load().getConfig("persona.ranking")));
    assertEquals(new DcnV2Architecture(4, 3, 0, List.of()), settings.dcn());
    assertEquals(0.05, settings.fitting().negativeRate());
    assertEquals(CalibrationMethod.PLATT, settings.fitting().calibration());
    assertEquals(List.of("locale"), settings.features().contextAttributes());
  }

  @Test
  void impossibleValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> RankingConfig.read(ConfigFactory.parseString(
        "training.negative-rate = 0").withFallback(ConfigFactory.load().getConfig("persona.ranking"))));
    assertThrows(IllegalArgumentException.class, () -> RankingConfig.read(ConfigFactory.parseString(
        "training.calibration = magic").withFallback(ConfigFactory.load().getConfig("persona.ranking"))));
  }
}
