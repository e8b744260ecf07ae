package io.persona.gateway.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import io.persona.actors.activity.Activity;
import io.persona.actors.activity.ActivityListener;
import io.persona.actors.activity.ItemSignals;
import io.persona.actors.activity.LiveSubscriptions;
import io.persona.actors.catalog.CatalogChanged;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.actors.catalog.CatalogUpdates;
import io.persona.actors.catalog.CatalogWriter;
import io.persona.actors.model.ModelDeployer;
import io.persona.actors.model.ModelHolder;
import io.persona.actors.model.ModelPublished;
import io.persona.actors.model.ModelSource;
import io.persona.actors.model.ServingModels;
import io.persona.actors.recommend.RecommendSettings;
import io.persona.actors.recommend.Recommender;
import io.persona.actors.recommend.UserRecommendations;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.models.profile.ProfilePolicy;
import io.persona.models.ranking.PopularityRanker;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import io.persona.models.ranking.RankingSettings;
import io.persona.models.retrieval.CoVisitation;
import io.persona.models.retrieval.ColdStartEmbeddings;
import io.persona.models.retrieval.FreshItems;
import io.persona.models.retrieval.ItemVectorIndex;
import io.persona.models.retrieval.Trending;
import io.persona.persistence.catalog.ItemCategories;
import io.persona.persistence.catalog.ItemEmbeddingRepository;
import io.persona.persistence.catalog.ItemRepository;
import io.persona.persistence.predictions.PredictionLogRepository;
import io.persona.persistence.timelog.TimeLogSettings;
import io.persona.streams.predictions.PredictionLogWriter;
import io.persona.streams.predictions.PredictionLogWriterSettings;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import scala.concurrent.ExecutionContextExecutor;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The serving half of a node, wired once at start: the catalog replica and its vector index,
 * item signals from the activity topic, live subscriptions, the model holder, the prediction log
 * writer and the recommender on its own dispatcher.
 */
public final class Serving implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Serving.class);

  private final FeatureSpec spec;
  private final List<String> contextAttributes;
  private final RecommendSettings settings;
  private final CatalogReplica catalog;
  private final ItemSignals signals;
  private final LiveSubscriptions live;
  private final ServingModels models;
  private final ActorRef<Topic.Command<ModelPublished>> modelTopic;
  private final PredictionLogWriter predictionLog;
  private final TimeLogSettings predictionLogSettings;
  private final CatalogWriter catalogWriter;
  private final UserRecommendations recommendations;
  private final ActorRef<Topic.Command<Activity>> activityTopic;
  private final Cancellable commits;
  private final Cancellable popularityRefresh;

  private Serving(FeatureSpec spec, List<String> contextAttributes, RecommendSettings settings, CatalogReplica catalog, ItemSignals signals,
                  LiveSubscriptions live, ServingModels models,
                  ActorRef<Topic.Command<ModelPublished>> modelTopic, PredictionLogWriter predictionLog,
                  TimeLogSettings predictionLogSettings,
                  CatalogWriter catalogWriter, UserRecommendations recommendations,
                  ActorRef<Topic.Command<Activity>> activityTopic, Cancellable commits, Cancellable popularityRefresh) {
    this.spec = spec;
    this.contextAttributes = contextAttributes;
    this.settings = settings;
    this.catalog = catalog;
    this.signals = signals;
    this.live = live;
    this.models = models;
    this.modelTopic = modelTopic;
    this.predictionLog = predictionLog;
    this.predictionLogSettings = predictionLogSettings;
    this.catalogWriter = catalogWriter;
    this.recommendations = recommendations;
    this.activityTopic = activityTopic;
    this.commits = commits;
    this.popularityRefresh = popularityRefresh;
  }

  /** The topic user entities publish to; created before sharding starts. */
  public static ActorRef<Topic.Command<Activity>> activityTopic(ActorSystem<?> system) {
    return system.systemActorOf(Topic.create(Activity.class, Activity.TOPIC), "activity-topic", Props.empty());
  }

  public static Serving start(ActorSystem<?> system, Config config, CqlSession session, String keyspace,
                              ItemRepository itemRepository, ItemCategories categories, ProfilePolicy policy,
                              ActorRef<Topic.Command<Activity>> activityTopic, ModelSource modelSource,
                              double challengerShare, Duration championPoll) throws Exception {
    RankingSettings ranking = RankingSettings.from(config.getConfig("persona.ranking"));
    FeatureSpec spec = StandardFeatures.spec(ranking.features(), policy);
    RecommendSettings settings = RecommendSettings.fromConfig(config);
    Config retrieval = config.getConfig("persona.retrieval");

    ItemVectorIndex index = ItemVectorIndex.open(indexDirectory(config), ranking.features().embeddingDimension(),
        retrieval.getInt("brute-force-below"), retrieval.getDuration("refresh-interval"));
    CatalogReplica catalog = new CatalogReplica(index, new FreshItems(retrieval.getInt("fresh-capacity")),
        new ColdStartEmbeddings(ranking.features().embeddingDimension(), retrieval.getLong("cold-start-seed")));
    ItemSignals signals = new ItemSignals(
        new Trending(retrieval.getDuration("trending.half-life"), retrieval.getInt("trending.capacity")),
        new CoVisitation(retrieval.getDuration("co-visitation.session-gap"), retrieval.getInt("co-visitation.window"),
            retrieval.getInt("co-visitation.neighbours-per-item"), retrieval.getDuration("co-visitation.half-life")),
        retrieval.getDuration("trending.refresh"));
    LiveSubscriptions live = new LiveSubscriptions();

    // Subscribe to catalog changes first and load the catalog inside the subscriber's setup: changes
    // published meanwhile wait in its mailbox and are applied after the load, never before it.
    ItemEmbeddingRepository embeddingRepository = new ItemEmbeddingRepository(session, keyspace);
    ActorRef<Topic.Command<CatalogChanged>> catalogTopic =
        system.systemActorOf(Topic.create(CatalogChanged.class, CatalogChanged.TOPIC), "catalog-topic", Props.empty());
    CompletableFuture<Integer> loaded = new CompletableFuture<>();
    DispatcherSelector retrievalDispatcher = DispatcherSelector.fromConfig("persona.retrieval.dispatcher");
    system.systemActorOf(CatalogUpdates.create(catalogTopic, catalog, () -> {
      try {
        catalog.upsertItems(itemRepository.loadAll());
        catalog.upsertEmbeddings(embeddingRepository.loadAll());
        loaded.complete(catalog.size());
      } catch (RuntimeException e) {
        loaded.completeExceptionally(e);
      }
    }), "catalog-updates", retrievalDispatcher);
    int items = loaded.get(retrieval.getDuration("load-timeout").toMillis(), TimeUnit.MILLISECONDS);
    log.info("Catalog replica loaded: {} items, {} trained embeddings, vector index of {}", items,
        catalog.trainedEmbeddings(), index.size());

    system.systemActorOf(ActivityListener.create(activityTopic, signals, live, policy), "activity-listener",
        Props.empty());

    String modelFile = settings.modelFile();
    double prior = ranking.features().ctrPrior();
    double strength = ranking.features().ctrPriorStrength();
    Ranker initial = modelFile.isEmpty()
        ? popularity(spec, signals, prior, strength)
        : Rankers.load(ModelArtifact.readFrom(Path.of(modelFile)), spec);
    ServingModels models = new ServingModels(initial, settings.variant(), challengerShare);
    ExecutionContextExecutor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(RecommendSettings.DISPATCHER));
    // The registry's champion replaces the start model at once, unless a model file was given: then
    // the file is served until the next promotion.
    Optional<String> servingSince = modelFile.isEmpty()
        ? Optional.empty()
        : Optional.of(modelSource.championVersion().orElse(initial.metadata().version()));
    ActorRef<Topic.Command<ModelPublished>> modelTopic =
        system.systemActorOf(Topic.create(ModelPublished.class, ModelPublished.TOPIC), "model-topic", Props.empty());
    ExecutionContextExecutor learningExecutor =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("persona.learning.dispatcher"));
    system.systemActorOf(ModelDeployer.create(modelTopic, models, modelSource, spec, championPoll, learningExecutor,
        servingSince), "model-deployer", Props.empty());
    ExecutionContextExecutor retrievalExecutor = system.dispatchers().lookup(retrievalDispatcher);
    Cancellable refresh = system.scheduler().scheduleWithFixedDelay(settings.popularityRefresh(),
        settings.popularityRefresh(), () -> {
          if (PopularityRanker.KIND.equals(models.champion().currentMetadata().kind())) {
            models.champion().install(popularity(spec, signals, prior, strength));
          }
        }, retrievalExecutor);
    Cancellable commits = system.scheduler().scheduleWithFixedDelay(retrieval.getDuration("commit-interval"),
        retrieval.getDuration("commit-interval"), index::commit, retrievalExecutor);

    TimeLogSettings logSettings = TimeLogSettings.fromConfig(config, "persona.prediction-log");
    PredictionLogWriter predictionLog = new PredictionLogWriter(system,
        new PredictionLogRepository(session, keyspace, logSettings), PredictionLogWriterSettings.fromConfig(config));
    Recommender recommender = new Recommender(catalog, signals, models, spec, settings, predictionLog,
        shown -> activityTopic.tell(Topic.publish(new Activity.ItemsShown(shown))), blocking);
    UserRecommendations recommendations = new UserRecommendations(ClusterSharding.get(system), recommender,
        settings.profileTimeout());
    return new Serving(spec, ranking.features().contextAttributes(), settings, catalog, signals, live, models,
        modelTopic,
        predictionLog, logSettings,
        new CatalogWriter(categories, embeddingRepository, catalogTopic), recommendations, activityTopic, commits,
        refresh);
  }

  private static Ranker popularity(FeatureSpec spec, ItemSignals signals, double prior, double strength) {
    Instant now = Clock.systemUTC().instant();
    return PopularityRanker.fromLiveStats("popularity-" + now, spec, signals.snapshot(now), prior, strength);
  }

  /** Each node keeps its own index; several nodes on one machine must not share a directory. */
  private static Path indexDirectory(Config config) throws IOException {
    String configured = config.getString("persona.retrieval.index-dir");
    if (!configured.isEmpty()) {
      return Path.of(configured);
    }
    int port = config.getInt("pekko.remote.artery.canonical.port");
    return port == 0 ? Files.createTempDirectory("persona-index") : Path.of("data", "index-" + port);
  }

  public FeatureSpec spec() {
    return spec;
  }

  /** Request attributes the feature spec uses (they may be passed as query parameters). */
  public List<String> contextAttributes() {
    return contextAttributes;
  }

  public RecommendSettings settings() {
    return settings;
  }

  public CatalogReplica catalog() {
    return catalog;
  }

  public ItemSignals signals() {
    return signals;
  }

  public LiveSubscriptions live() {
    return live;
  }

  /** The champion's holder. */
  public ModelHolder models() {
    return models.champion();
  }

  /** The champion and, with an A/B share, the challenger. */
  public ServingModels servingModels() {
    return models;
  }

  /** Where the trainer announces promotions to every node. */
  public ActorRef<Topic.Command<ModelPublished>> modelTopic() {
    return modelTopic;
  }

  public PredictionLogWriter predictionLog() {
    return predictionLog;
  }

  public TimeLogSettings predictionLogSettings() {
    return predictionLogSettings;
  }

  public CatalogWriter catalogWriter() {
    return catalogWriter;
  }

  public UserRecommendations recommendations() {
    return recommendations;
  }

  /** Flushes the prediction log; call before the actor system terminates. */
  public void flush() {
    commits.cancel();
    popularityRefresh.cancel();
    predictionLog.close();
  }

  /** Releases the model and the index; call after the actor system terminated. */
  @Override
  public void close() {
    models.close();
    catalog.close();
  }
}
