package io.persona.models.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.catalog.Item;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.models.learning.AlsSettings;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import io.persona.models.ranking.network.DcnV2Architecture;
import io.persona.models.ranking.training.FittingSettings;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.models.retrieval.CoOccurrenceSettings;
import io.persona.models.retrieval.StrengthScale;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The ranker from history on real purchases (the first 6,000 lines of UCI Online Retail, CC BY 4.0):
 * it trains from the blend's own hold-outs, loads under the running spec, and its verdict against
 * the blend is the paired comparison it reports. {@code -Dhistory.ranking.data=<csv.gz>} runs it on
 * another file of the same columns (the whole history, to measure).
 */
class HistoryRankingTest {
  private static final InteractionWeights WEIGHTS = new InteractionWeights(Map.of("purchase", 4.0), 1, 5, 3, 1);
  private static final HistoryTraining.Settings TRAINING = new HistoryTraining.Settings(
      new CoOccurrenceSettings(10, Duration.ofDays(90), 0.65, 100), Duration.ofDays(14));
  private static final BlendTuning.Settings TUNING = new BlendTuning.Settings(Integer.getInteger("history.ranking.users", 1_000), 50, 5, 0.5, Duration.ofDays(30),
      Duration.ofHours(6), 100, new AlsSettings(16, 8, 10, 1, 3), StrengthScale.LOG1P, false, 50);

  private final FeatureSpec spec = StandardFeatures.spec(StandardFeatures.Settings.defaults(), ProfileSettings.defaults());

  @Test
  void aRankerTrainedOnTheHistorysHoldOutsLoadsAndReportsItsPairedComparisonWithTheBlend() throws Exception {
    Map<String, Item> catalog = new HashMap<>();
    HistoryTraining training = read(catalog);
    Instant now = training.newest().plus(Duration.ofMinutes(1));
    BlendTuning.Measurement measured = training.measureBlend(now, TUNING);
    FittingSettings fitting = FittingSettings.defaults();
    long started = System.nanoTime();
    Optional<HistoryRanking.Result> trained = HistoryRanking.train(measured, spec,
        new RankerFitting(spec, fitting.withTraining(fitting.training().withMaxEpochs(Integer.getInteger("history.ranking.epochs", 4)))),
        DcnV2Architecture.defaults(), catalog::get, "history-ranker-test", new HistoryRanking.Settings(
            Integer.getInteger("history.ranking.negatives", 20), 0.25, 0.1, 0.1, HistoryRanking.Settings.defaults().minZ(), 300, 20,
            Integer.getInteger("history.ranking.depth", 0), 17, java.util.Set.of("exclude", "include")));

    assertTrue(trained.isPresent(), "enough held-out users to train, calibrate and judge");
    HistoryRanking.Result result = trained.get();
    HistoryRanking.Comparison pooled = result.pooled();
    System.out.printf("history ranker: %d training rows from %d cases in %d ms; %s; byMode %s%n",
        result.trainingRows(), result.trainingCases(), (System.nanoTime() - started) / 1_000_000, result.reason(),
        result.byMode());
    assertTrue(pooled.cases() >= 20, "evaluation users: " + pooled);
    assertEquals(pooled.rankerHits() - pooled.blendHits(), pooled.rankerOnly() - pooled.blendOnly(),
        "the paired counts add up");
    assertEquals(pooled.cases(), result.byMode().values().stream().mapToInt(HistoryRanking.Comparison::cases).sum());
    double minZ = HistoryRanking.Settings.defaults().minZ();
    assertEquals(result.byMode().get("exclude").z() >= minZ, result.servesExclude(), result.reason());
    assertEquals(result.byMode().get("include").z() >= minZ, result.servesInclude(), result.reason());
    Map<String, Double> metrics = result.model().metadata().metrics();
    assertEquals(pooled.rankerHitRate(), metrics.get("history.eval.ranker_hr10"), 1e-12);
    assertEquals(result.servesExclude(), HistoryRanking.orders(metrics, false));
    assertEquals(result.servesInclude(), HistoryRanking.orders(metrics, true));
    assertTrue(HistoryRanking.orders(Map.of(), false), "a model not trained from history orders every list");
    assertEquals(spec.fingerprint(), result.model().metadata().featureFingerprint());
    try (Ranker ranker = Rankers.load(result.model(), spec)) {
      assertEquals("history-ranker-test", ranker.version());
    }
  }

  @Test
  void aModeTheSettingsLeaveToTheBlendIsNeverOrderedByTheRankerHowEverItWon() {
    HistoryRanking.Comparison won = new HistoryRanking.Comparison(200, 80, 50, 40, 10);
    HistoryRanking.Comparison lost = new HistoryRanking.Comparison(200, 50, 80, 10, 40);
    double minZ = HistoryRanking.Settings.defaults().minZ();
    assertTrue(won.z() >= minZ, "a clear win: z " + won.z());
    assertTrue(HistoryRanking.orders(won, true, minZ));
    assertFalse(HistoryRanking.orders(won, false, minZ), "a mode left to the blend");
    assertFalse(HistoryRanking.orders(lost, true, minZ));
    assertEquals(java.util.Set.of("include"), HistoryRanking.Settings.defaults().modes());
    // at serving: a champion adopted for both modes (under an earlier setting) orders only the allowed ones
    Map<String, Double> both = Map.of(HistoryRanking.SERVES_EXCLUDE, 1.0, HistoryRanking.SERVES_INCLUDE, 1.0);
    assertFalse(HistoryRanking.orders(both, false, java.util.Set.of("include")));
    assertTrue(HistoryRanking.orders(both, true, java.util.Set.of("include")));
    assertTrue(HistoryRanking.orders(both, false, java.util.Set.of("exclude", "include")));
    assertTrue(HistoryRanking.orders(Map.of(), false, java.util.Set.of()), "a model not trained from history orders every list");
    assertThrows(IllegalArgumentException.class, () -> new HistoryRanking.Settings(50, 0.25, 0.1, 0.1, 2.33, 300,
        200, 0, 17, java.util.Set.of("sometimes")));
  }

  @Test
  void theRankerOrdersTheBlendsBestFewAndTheRestFollowInTheBlendsOrder() {
    double[] blended = {5, 4, 1, 0, 3};
    double[] ranker = {0.1, 0.9, 0.99, 0.5, 0.2};
    double[] order = HistoryRanking.cascade(blended, ranker, 3); // the blend's best 3: items 0, 1 and 4
    assertEquals(List.of(1, 4, 0, 2, 3), byOrder(order), "the pool by the ranker, then the rest by the blend");
    assertEquals(List.of(2, 1, 3, 4, 0), byOrder(HistoryRanking.cascade(blended, ranker, 0)), "0: the ranker alone");
    assertEquals(List.of(2, 1, 3, 4, 0), byOrder(HistoryRanking.cascade(blended, ranker, 5)));
    double[] negative = {-3, -1, -2};
    assertEquals(List.of(2, 1, 0), byOrder(HistoryRanking.cascade(negative, new double[] {0.1, 0.2, 0.3}, 2)),
        "negative blend scores stay below the pool");
  }

  private static List<Integer> byOrder(double[] order) {
    return java.util.stream.IntStream.range(0, order.length).boxed()
        .sorted((a, b) -> Double.compare(order[b], order[a])).toList();
  }

  /** Purchases as history events, the items into {@code catalog} (one category: the data has none). */
  private static HistoryTraining read(Map<String, Item> catalog) {
    String file = System.getProperty("history.ranking.data");
    HistoryTraining training = new HistoryTraining(TRAINING, WEIGHTS);
    try (InputStream raw = file == null
        ? HistoryRankingTest.class.getResourceAsStream("/online-retail/first-6000.csv.gz")
        : new FileInputStream(file);
         BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
             StandardCharsets.UTF_8))) {
      reader.readLine(); // header: user_id,item_id,timestamp_iso_utc,...
      int line = 1;
      for (String row = reader.readLine(); row != null; row = reader.readLine()) {
        line++;
        String[] cells = row.split(",", 4);
        catalog.computeIfAbsent(cells[1], id -> new Item(id, id, "retail", List.of(), Map.of(), true,
            Instant.parse("2010-01-01T00:00:00Z")));
        training.add(new HistoryEvent("line-" + line, cells[0], cells[1], "purchase", null, Instant.parse(cells[2])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return training;
  }
}
