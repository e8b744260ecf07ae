package io.persona.gateway.node;

import io.persona.actors.activity.ActivityPulse;
import io.persona.actors.node.RankingConfig;
import com.typesafe.config.Config;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.actors.catalog.CatalogWriter;
import io.persona.actors.model.ModelHolder;
import io.persona.actors.model.ModelPromotions;
import io.persona.actors.node.NodeRoles;
import io.persona.models.features.FeatureSpec;
import io.persona.models.history.BlendTuning;
import io.persona.actors.recommend.RecommendSettings;
import io.persona.models.learning.PromotionGate;
import io.persona.models.ranking.training.RankingSettings;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.persistence.catalog.ItemEmbeddingRepository;
import io.persona.persistence.learning.HistoryModelRepository;
import io.persona.persistence.cassandra.CoalescedWrites;
import io.persona.persistence.learning.InteractionLogRepository;
import io.persona.persistence.learning.OutcomeLogRepository;
import io.persona.persistence.learning.StreamOffsetRepository;
import io.persona.persistence.learning.TrainingExampleRepository;
import io.persona.persistence.predictions.PredictionLogRepository;
import io.persona.persistence.timelog.TimeLogSettings;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.streams.learning.CatchUp;
import io.persona.streams.learning.ChallengerReview;
import io.persona.streams.learning.LoggedRankers;
import io.persona.streams.learning.ChallengerTrainer;
import io.persona.streams.learning.EmbeddingRetrainer;
import io.persona.streams.learning.ExampleJoiner;
import io.persona.streams.learning.LearningLoop;
import io.persona.streams.learning.LearningSettings;
import io.persona.streams.learning.HistorySettings;
import io.persona.streams.learning.HistoryTrainer;
import io.persona.streams.learning.InteractionRecorder;
import io.persona.streams.learning.OutcomeRecorder;
import io.persona.streams.learning.QuietSkip;
import io.persona.streams.learning.TrainingMonitors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import io.persona.models.catalog.Item;
import io.persona.models.history.HistoryRanking;
import io.persona.streams.learning.HistoryRankerTraining;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The learning side of a node: the stores every node writes or reads (the outcome log ingest
 * writes to, the model registry the deployer reads, the loop's offsets the status endpoint shows),
 * and the retraining loop itself, a Cluster Singleton on the oldest node with the trainer role.
 */
public final class Learning {
  /** Where blocking learning work runs: Cassandra reads of the loop, model loading, training. */
  static final DispatcherSelector DISPATCHER = DispatcherSelector.fromConfig("persona.learning.dispatcher");

  private final LearningSettings settings;
  private final Storage storage;
  private final ModelRegistryRepository registry;
  private final StreamOffsetRepository offsets;
  private final OutcomeRecorder outcomes;
  private final InteractionRecorder interactions;
  private final Optional<InteractionLogRepository> interactionLog;

  private Learning(LearningSettings settings, Storage storage, ModelRegistryRepository registry,
                   StreamOffsetRepository offsets, OutcomeRecorder outcomes, InteractionRecorder interactions,
                   Optional<InteractionLogRepository> interactionLog) {
    this.interactionLog = interactionLog;
    this.settings = settings;
    this.storage = storage;
    this.registry = registry;
    this.offsets = offsets;
    this.outcomes = outcomes;
    this.interactions = interactions;
  }

  /**
   * The stores; open before ingest (it records outcomes) and ranking (its deployer reads the registry).
   *
   * @param logWrites where ingest's one-row writes to the outcome and interaction logs are joined
   */
  public static Learning stores(Storage storage, LearningSettings settings, TimeLogSettings store,
                                HistorySettings history, CoalescedWrites logWrites) {
    OutcomeRecorder outcomes = settings.enabled()
        ? new OutcomeRecorder(new OutcomeLogRepository(storage.session(), storage.keyspace(), store, logWrites),
            settings.attribution().positiveTypes(), OutcomeRecorder.maxAge(settings), Clock.systemUTC())
        : OutcomeRecorder.disabled();
    Optional<InteractionLogRepository> interactionLog = settings.enabled()
        ? Optional.of(new InteractionLogRepository(storage.session(), storage.keyspace(), history.retention(),
            logWrites))
        : Optional.empty();
    InteractionRecorder interactions = interactionLog
        .map(log -> new InteractionRecorder(log, history.weights(), Clock.systemUTC()))
        .orElseGet(InteractionRecorder::disabled);
    return new Learning(settings, storage,
        new ModelRegistryRepository(storage.session(), storage.keyspace(), settings.rejectedArtifactTtl()),
        new StreamOffsetRepository(storage.session(), storage.keyspace()), outcomes, interactions, interactionLog);
  }

  /**
   * Registers the loop as a Cluster Singleton (every node must, so each can host or reach it); it
   * runs on the oldest node with the trainer role. Nothing when learning is disabled.
   *
   * @param champion   the model the challenger is compared with (and first warm-started from)
   * @param embeddings where retrained item embeddings are written and announced
   * @param catalog    this node's catalog: which items embeddings are published for, and, with the
   *                   activity pulse, whether the embeddings' inputs may have changed
   * @return what to release once the actor system has ended (the models the skew monitor keeps loaded)
   */
  public AutoCloseable startLoop(ActorSystem<?> system, Config config, FeatureSpec spec, ModelHolder champion,
                                 ModelPromotions promotions, CatalogWriter embeddings, ActivityPulse pulse,
                                 CatalogReplica catalog) {
    Function<String, Item> items = catalog::item;
    Predicate<String> catalogued = itemId -> items.apply(itemId) != null;
    if (!settings.enabled()) {
      return () -> { };
    }
    RankingSettings ranking = RankingConfig.read(config.getConfig("persona.ranking"));
    TimeLogSettings store = TimeLogSettings.fromConfig(config, "persona.learning.store");
    PredictionLogRepository slates =
        new PredictionLogRepository(storage.session(), storage.keyspace(), TimeLogSettings.fromConfig(config, "persona.prediction-log"));
    OutcomeLogRepository outcomeLog = new OutcomeLogRepository(storage.session(), storage.keyspace(), store);
    TrainingExampleRepository examples = new TrainingExampleRepository(storage.session(), storage.keyspace(), store);
    Executor blocking = system.dispatchers().lookup(DISPATCHER);
    RankerFitting fitting = new RankerFitting(spec,
        ranking.fitting().withTraining(ranking.fitting().training().withMaxEpochs(settings.epochs())));
    ChallengerReview review = new ChallengerReview(spec, new PromotionGate(settings.gate()));
    Clock clock = Clock.systemUTC();
    Config monitorConfig = config.getConfig("persona.learning.monitors");
    TrainingMonitors monitors = new TrainingMonitors(spec, monitorConfig.getDouble("psi-threshold"),
        monitorConfig.getDouble("calibration-gap"), monitorConfig.getInt("min-rows"));
    // shared by every incarnation of the loop on this node, released when the node stops
    LoggedRankers loggedModels = new LoggedRankers(registry::loadArtifact, spec, monitorConfig.getInt("models-kept"));
    EmbeddingRetrainer.EmbeddingSettings embeddingSettings =
        EmbeddingRetrainer.EmbeddingSettings.fromConfig(config, ranking.features().embeddingDimension());
    HistorySettings history = HistorySettings.fromConfig(config);
    InteractionLogRepository interactionLog =
        new InteractionLogRepository(storage.session(), storage.keyspace(), history.retention());
    Config rankerConfig = config.getConfig("persona.learning.history.ranker");
    HistoryRankerTraining rankerTraining = rankerConfig.getBoolean("enabled")
        // fitted from scratch: the ranking's own epochs and early stopping, not the challengers' few warm epochs
        ? new HistoryRankerTraining(spec, new RankerFitting(spec, ranking.fitting()), ranking.dcn(), items, registry,
            promotions, champion,
            new HistoryRanking.Settings(rankerConfig.getInt("negatives"), 0.25, 0.1, 0.1, rankerConfig.getDouble("min-z"),
                300, rankerConfig.getInt("min-evaluation-cases"), rankerConfig.getInt("rerank-depth"),
                ranking.fitting().downsamplingSeed(), java.util.Set.copyOf(rankerConfig.getStringList("modes"))))
        : null;
    HistoryTrainer historyTrainer = new HistoryTrainer(interactionLog, historyModels(storage), history,
        blendTuning(config, history, embeddingSettings, spec), rankerTraining, clock);
    // a fresh joiner and trainer per incarnation: a singleton that moved starts from the stored offsets
    SingletonActor<Void> loop = SingletonActor.of(Behaviors.supervise(Behaviors.<Void>setup(context ->
            LearningLoop.create(steps(
                new ExampleJoiner(slates, outcomeLog, examples, offsets, settings, clock),
                new ChallengerTrainer(examples, offsets, registry, review, fitting, ranking.dcn(), spec,
                    champion, promotions, settings, monitors, loggedModels, clock),
                new EmbeddingRetrainer(interactionLog, new ItemEmbeddingRepository(storage.session(), storage.keyspace()),
                    embeddings, offsets, embeddingSettings, history, clock, catalogued), embeddingSettings,
                historyTrainer, history, catchUp(config), pulse, catalog::membershipVersion,
                config.getDuration("persona.learning.quiet-recheck")), blocking)))
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2)),
        "learning-loop")
        .withSettings(ClusterSingletonSettings.create(system).withRole(NodeRoles.TRAINER));
    ClusterSingleton.get(system).init(loop);
    return loggedModels;
  }

  /**
   * How the sources' shares are measured: with the seeds and candidates serving uses, the user's own
   * items and fold-in from the profile as serving holds it, and ALS as the embedding retrainer trains
   * it; null when measuring is off.
   */
  private static BlendTuning.Settings blendTuning(Config config, HistorySettings history,
                                                  EmbeddingRetrainer.EmbeddingSettings embeddings, FeatureSpec spec) {
    if (!history.blend().tune()) {
      return null;
    }
    RecommendSettings recommend = RecommendSettings.fromConfig(config);
    return BlendTuning.Settings.forProfile(history.blend().users(), history.blend().minUsers(),
        recommend.historySeeds(), recommend.historySeedDecay(),
        recommend.quotas().trending() > 0 ? config.getDuration("persona.retrieval.trending.half-life") : null,
        history.blend().candidatesPerSource(),
        embeddings.enabled() ? embeddings.als() : null, embeddings.strengthScale(), history.blend().tuneSources(),
        history.blend().tunePairing(), spec.profileSettings(), recommend.foldInLowStrength());
  }

  /** {@code persona.learning.catch-up}: when the history model and the embeddings retrain early. */
  private static CatchUp catchUp(Config config) {
    Config c = config.getConfig("persona.learning.catch-up");
    return new CatchUp(c.getLong("min-events"), c.getDuration("settle"));
  }

  private List<LearningLoop.Step> steps(ExampleJoiner joiner, ChallengerTrainer trainer,
                                        EmbeddingRetrainer embeddings, EmbeddingRetrainer.EmbeddingSettings embedding,
                                        HistoryTrainer history, HistorySettings historySettings, CatchUp catchUp,
                                        ActivityPulse pulse, LongSupplier catalogMembership, Duration quietRecheck) {
    // a tracker per step: each counts the activity since its own last run. The two that read the
    // whole interaction log skip a run when no user action arrived since their last one (QuietSkip;
    // an action observed less than the catch-up's settle ago may not be in the log yet, so it is
    // not counted as read); the embeddings also run when an item joined or left the catalog (only
    // catalogued items get vectors)
    QuietSkip historyQuiet = new QuietSkip(pulse::events, pulse::lastNanos, catchUp.settle(), quietRecheck,
        System::nanoTime);
    QuietSkip embeddingQuiet = new QuietSkip(() -> List.of(pulse.events(), catalogMembership.getAsLong()),
        pulse::lastNanos, catchUp.settle(), quietRecheck, System::nanoTime);
    List<LearningLoop.Step> steps = new ArrayList<>(List.of(
        new LearningLoop.Step("example join", settings.joinTick(), joiner::catchUp),
        new LearningLoop.Step("trainer", settings.trainerInterval(), trainer::cycle),
        new LearningLoop.Step("history model", historySettings.retrainInterval(), historyQuiet.around(history::retrain),
            catchUp.track(pulse, System::nanoTime))));
    if (embedding.enabled()) {
      steps.add(new LearningLoop.Step("embedding retrainer", embedding.interval(),
          embeddingQuiet.around(embeddings::retrain), catchUp.track(pulse, System::nanoTime)));
    }
    return steps;
  }

  /** Stored history models; a version is kept 30 days (the trainer republishes daily). */
  static HistoryModelRepository historyModels(Storage storage) {
    return new HistoryModelRepository(storage.session(), storage.keyspace(), Duration.ofDays(30));
  }

  public LearningSettings settings() {
    return settings;
  }

  public ModelRegistryRepository registry() {
    return registry;
  }

  public StreamOffsetRepository offsets() {
    return offsets;
  }

  /** Where ingest records outcomes before it acknowledges them. */
  public OutcomeRecorder outcomes() {
    return outcomes;
  }

  /** The interaction log itself (empty when learning is disabled): what restarted sources are refilled from. */
  public Optional<InteractionLogRepository> interactionLog() {
    return interactionLog;
  }

  /** Where ingest records every event that teaches before it acknowledges it. */
  public InteractionRecorder interactions() {
    return interactions;
  }
}
