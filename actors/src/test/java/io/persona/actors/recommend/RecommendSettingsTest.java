package io.persona.actors.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.models.retrieval.CandidateQuotas;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommendSettingsTest {

  private static RecommendSettings with(String overrides) {
    Config config = ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
    return RecommendSettings.fromConfig(config);
  }

  @Test
  void byDefaultNoCategoryLimitAndPurchasedOrRatedItemsAreLeftOut() {
    RecommendSettings defaults = with("");
    assertEquals(0, defaults.maxPerCategory());
    assertEquals(Set.of("purchase", "rating"), defaults.exclusions().eventTypes());
  }

  @Test
  void aRequestWithoutSeenExcludesEverySeenItemUnlessConfiguredOtherwise() {
    assertEquals(SeenItems.EXCLUDE, with("").seenDefault());
    assertEquals(SeenItems.EXCLUDE, SeenItems.DEFAULT.resolve(with("").seenDefault()));
    assertEquals(SeenItems.INCLUDE, SeenItems.INCLUDE.resolve(with("").seenDefault()), "an explicit mode stands");
    assertEquals(SeenItems.INCLUDE, with("persona.recommend.seen-default = include").seenDefault());
    assertEquals(SeenItems.BY_TYPE, with("persona.recommend.seen-default = by-type").seenDefault());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> with("persona.recommend.seen-default = sometimes"));
    assertEquals("persona.recommend.seen-default must be exclude, include or by-type, was sometimes",
        refused.getMessage());
  }

  @Test
  void aLimitOfZeroMeansNoLimitAndANegativeOneIsRefused() {
    assertEquals(3, with("persona.recommend.max-per-category = 3").maxPerCategory());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> with("persona.recommend.max-per-category = -1"));
    assertEquals("max-per-category must be >= 0 (0: no limit)", refused.getMessage());
  }

  @Test
  void retrievalIsCachedForThirtySecondsUnlessTurnedOff() {
    assertEquals(java.time.Duration.ofSeconds(30), with("").retrievalCacheTtl());
    assertEquals(4096, with("").retrievalCacheUsers());
    assertEquals(java.time.Duration.ZERO, with("persona.recommend.retrieval-cache.ttl = 0s").retrievalCacheTtl());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> with("persona.recommend.retrieval-cache.max-users = -1"));
    assertEquals("retrieval-cache.max-users must not be negative", refused.getMessage());
  }

  @Test
  void theBlendRetrievesHalfOfEachQuotaUnlessConfiguredOtherwise() {
    RecommendSettings defaults = with("");
    assertEquals(new CandidateQuotas(500, 50, 200, 100, 50, 50, 50, 30, 20), defaults.quotas());
    assertEquals(new CandidateQuotas(250, 25, 100, 50, 25, 25, 25, 15, 10), defaults.blendQuotas());
    assertEquals(defaults.quotas(), with("persona.recommend.candidates.blend-share = 1").blendQuotas());
    assertEquals(new CandidateQuotas(50, 5, 20, 10, 5, 5, 5, 3, 2),
        with("persona.recommend.candidates.blend-share = 0.1").blendQuotas());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> with("persona.recommend.candidates.blend-share = 0"));
    assertEquals("candidates.blend-share must be in (0, 1], was 0.0", refused.getMessage());
  }

  @Test
  void liveSocketsListsWaitInLineWithRequestsUnlessPutFirst() {
    assertEquals(false, with("").pushesFirst());
    assertEquals(true, with("persona.recommend.pushes-first = on").pushesFirst());
  }
}
