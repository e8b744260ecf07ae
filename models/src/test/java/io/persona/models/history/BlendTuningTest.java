package io.persona.models.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.learning.AlsSettings;
import io.persona.models.retrieval.CoOccurrenceSettings;
import io.persona.models.retrieval.StrengthScale;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlendTuningTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final InteractionWeights WEIGHTS = new InteractionWeights(Map.of("purchase", 1.0), 1, 5, 3, 1);
  private static final HistoryTraining.Settings TRAINING = new HistoryTraining.Settings(
      new CoOccurrenceSettings(5, null, 0.35, 50), Duration.ofDays(14));
  private static final BlendTuning.Settings TUNING = new BlendTuning.Settings(500, 50, 5, 0.5, Duration.ofDays(30),
      Duration.ofHours(6), 50, new AlsSettings(8, 5, 1, 1, 3), StrengthScale.LOG1P);

  private static void buy(HistoryTraining training, String user, String item, int minutesAgo) {
    training.add(new HistoryEvent(user + "|" + item + "|" + minutesAgo, user, item, "purchase", null,
        NOW.minus(Duration.ofMinutes(minutesAgo))));
  }

  @Test
  void whenTheNextItemIsTheOneBoughtWithTheLastCoOccurrenceWins() {
    HistoryTraining training = new HistoryTraining(TRAINING, WEIGHTS);
    SplittableRandom random = new SplittableRandom(1);
    for (int u = 0; u < 400; u++) {
      int pair = random.nextInt(40);
      buy(training, "u" + u, "popular-" + random.nextInt(5), 300);
      buy(training, "u" + u, "first-" + pair, 200);
      buy(training, "u" + u, "second-" + pair, 100);
    }
    RetrievalBlend blend = training.tuneBlend(NOW, TUNING);

    assertEquals(200, blend.users(), "half of the users are held out");
    assertTrue(blend.excludeHitRate() > 0.95, "held-out second items found: " + blend);
    assertTrue(blend.exclude().coOccurrence() > 0, blend.toString());
  }

  @Test
  void whenUsersBuyTheirOwnItemsAgainTheRepeatSourceGetsAShareWhereSeenItemsMayComeBack() {
    HistoryTraining training = new HistoryTraining(TRAINING, WEIGHTS);
    SplittableRandom random = new SplittableRandom(2);
    for (int u = 0; u < 400; u++) {
      String favourite = "item-" + random.nextInt(300);
      buy(training, "u" + u, favourite, 400);
      buy(training, "u" + u, "item-" + random.nextInt(300), 300);
      buy(training, "u" + u, "item-" + random.nextInt(300), 200);
      buy(training, "u" + u, favourite, 100);
    }
    RetrievalBlend blend = training.tuneBlend(NOW, TUNING);

    assertTrue(blend.include().repeat() > 0, blend.toString());
    assertTrue(blend.includeHitRate() > 0.95, "re-bought items found: " + blend);
  }

  @Test
  void whenEveryoneTurnsToANewHitRecentPopularityGetsAShare() {
    HistoryTraining training = new HistoryTraining(TRAINING, WEIGHTS);
    SplittableRandom random = new SplittableRandom(3);
    int day = 24 * 60;
    // a dozen classics, bought by many three weeks ago: the most popular items over weeks
    for (int c = 0; c < 12; c++) {
      for (int u = 0; u < 150; u++) {
        buy(training, "fan-" + c + "-" + u, "classic-" + c, 21 * day + u);
      }
    }
    for (int u = 0; u < 400; u++) {
      for (int k = 0; k < 3; k++) {
        buy(training, "u" + u, "item-" + random.nextInt(2000), (30 - 10 * k) * day + random.nextInt(day));
      }
      if (u < 30) {
        buy(training, "u" + u, "hit", 2 * day - random.nextInt(60)); // the first buyers, two days ago
      } else if (u < 300) {
        buy(training, "u" + u, "hit", random.nextInt(day)); // then everyone
      }
    }
    RetrievalBlend blend = training.tuneBlend(NOW, TUNING);

    assertTrue(blend.exclude().trending() > 0, blend.toString());
    assertTrue(blend.excludeHitRate() > 0.5, blend.toString());
  }

  @Test
  void aHistoryTooSmallToMeasureKeepsTheDefaults() {
    HistoryTraining training = new HistoryTraining(TRAINING, WEIGHTS);
    for (int u = 0; u < 10; u++) {
      buy(training, "u" + u, "a", 200);
      buy(training, "u" + u, "b", 100);
    }
    assertEquals(RetrievalBlend.DEFAULT, training.tuneBlend(NOW, TUNING));
  }
}
