package io.persona.streams.learning;

import io.persona.actors.model.ModelHolder;
import io.persona.actors.model.ModelPromotions;
import io.persona.models.catalog.Item;
import io.persona.models.features.FeatureSpec;
import io.persona.models.history.BlendTuning;
import io.persona.models.history.HistoryRanking;
import io.persona.models.ranking.PopularityRanker;
import io.persona.models.ranking.network.NetworkArchitecture;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.persistence.registry.ModelStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

/**
 * A ranker before the first served slate ({@link HistoryRanking}): trained each time the blend is
 * measured, from the same hold-outs, while no ranker trained on served slates is champion. One that
 * beats the blend on held-out users in a seen mode is registered and promoted through
 * {@link ModelPromotions}, the one path to champion, and orders the lists of the modes it won (the
 * blend the others); from then on the bandit loop's challengers are warm-started from it and judged
 * against it. One that wins in neither is registered as rejected, with the comparison as its reason,
 * so an operator sees what it measured ({@code GET /v1/models}); at most one a day, as a refused
 * ranker is trained at every blend measurement (each 30 minutes under live traffic) and its
 * parameters are megabytes. Every verdict is logged.
 */
public final class HistoryRankerTraining {
  static final String VERSION_PREFIX = "history-ranker-";
  private static final Logger log = LoggerFactory.getLogger(HistoryRankerTraining.class);
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  private final FeatureSpec spec;
  private final RankerFitting fitting;
  private final NetworkArchitecture architecture;
  private final Function<String, Item> catalog;
  private final ModelRegistryRepository registry;
  private final ModelPromotions promotions;
  private final ModelHolder champion;
  private final HistoryRanking.Settings settings;
  /**
   * When this trainer last promoted a ranker from history: while one serves, the next is trained a
   * day later at the earliest. Each would be judged against the blend, not against the one serving,
   * and each weighs megabytes in the registry; the history a day adds is what a new one would learn.
   */
  private Instant lastAdopted = Instant.MIN;
  /** When a refused ranker was last registered (its parameters are megabytes): at most one a day. */
  private Instant lastRejectedRegistered = Instant.MIN;
  /** How often at most a ranker from history is adopted, or a refused one registered. */
  static final Duration ONCE_A_DAY = Duration.ofDays(1);

  public HistoryRankerTraining(FeatureSpec spec, RankerFitting fitting, NetworkArchitecture architecture,
                        Function<String, Item> catalog, ModelRegistryRepository registry, ModelPromotions promotions,
                        ModelHolder champion, HistoryRanking.Settings settings) {
    this.spec = spec;
    this.fitting = fitting;
    this.architecture = architecture;
    this.catalog = catalog;
    this.registry = registry;
    this.promotions = promotions;
    this.champion = champion;
    this.settings = settings;
  }

  /**
   * Whether the history may still train the ranker: the champion is the popularity fallback or a
   * ranker trained from history. Once the bandit loop promoted one of its own, served slates teach
   * the ranker and the history no longer replaces it.
   */
  boolean due() {
    String kind = champion.currentMetadata().kind();
    String version = champion.currentMetadata().version();
    return PopularityRanker.KIND.equals(kind) || version.startsWith(VERSION_PREFIX);
  }

  /** Trains on {@code measured}'s hold-outs and registers (and maybe promotes) the result. Blocking. */
  Optional<HistoryRanking.Result> train(BlendTuning.Measurement measured, Instant now) {
    if (!due() || lastAdopted.plus(ONCE_A_DAY).isAfter(now)) {
      return Optional.empty();
    }
    long started = System.nanoTime();
    String version = VERSION_PREFIX + VERSION_TIME.format(now);
    Optional<HistoryRanking.Result> trained;
    try {
      trained = HistoryRanking.train(measured, spec, fitting, architecture, catalog, version, settings);
    } catch (Exception e) {
      log.warn("Could not train a ranker from the history; the blend keeps ordering the lists", e);
      return Optional.empty();
    }
    if (trained.isEmpty()) {
      log.info("Too few held-out users to train and judge a ranker from the history");
      return trained;
    }
    HistoryRanking.Result result = trained.get();
    log.info("Ranker {} trained from the history on {} rows in {} ms: {}", version, result.trainingRows(),
        (System.nanoTime() - started) / 1_000_000, result.reason());
    if (result.adopted()) {
      if (!due()) { // the bandit loop promoted one of its own meanwhile: that one serves
        log.info("Ranker {} from the history is not promoted: a ranker trained on served slates is champion now",
            version);
        return trained;
      }
      registry.register(result.model(), ModelStatus.CHALLENGER, result.metrics(), result.reason());
      promotions.promote(version, "trained from the history, " + result.reason());
      lastAdopted = now;
    } else if (!lastRejectedRegistered.plus(ONCE_A_DAY).isAfter(now)) {
      registry.register(result.model(), ModelStatus.REJECTED, result.metrics(), result.reason());
      lastRejectedRegistered = now;
    }
    return trained;
  }
}
