package io.persona.gateway.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import io.persona.actors.model.ModelPublished;
import io.persona.actors.model.ModelSource;
import io.persona.actors.node.NodeRoles;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.learning.PromotionGate;
import io.persona.models.ranking.RankingSettings;
import io.persona.models.ranking.training.RankerFitting;
import io.persona.persistence.learning.OutcomeLogRepository;
import io.persona.persistence.learning.StreamOffsetRepository;
import io.persona.persistence.learning.TrainingExampleRepository;
import io.persona.persistence.predictions.PredictionLogRepository;
import io.persona.persistence.registry.ChampionPointer;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.persistence.registry.ModelStatus;
import io.persona.persistence.registry.RegisteredModel;
import io.persona.persistence.timelog.TimeLogSettings;
import io.persona.streams.learning.ChallengerReview;
import io.persona.streams.learning.ChallengerTrainer;
import io.persona.streams.learning.EmbeddingRetrainer;
import io.persona.streams.learning.ExampleJoiner;
import io.persona.streams.learning.LearningLoop;
import io.persona.streams.learning.LearningSettings;
import io.persona.streams.learning.OutcomeRecorder;
import io.persona.streams.learning.TrainingMonitors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The learning half of a node: the stores of the retraining loop, the outcome recorder used by
 * ingest, the model registry seen by every node's deployer, and (on nodes with the
 * {@code trainer} role) the loop itself as a Cluster Singleton.
 */
public final class Learning {

  private final LearningSettings settings;
  private final ModelRegistryRepository registry;
  private final StreamOffsetRepository offsets;
  private final TrainingExampleRepository examples;
  private final OutcomeRecorder outcomes;

  private Learning(LearningSettings settings, ModelRegistryRepository registry, StreamOffsetRepository offsets,
                   TrainingExampleRepository examples, OutcomeRecorder outcomes) {
    this.settings = settings;
    this.registry = registry;
    this.offsets = offsets;
    this.examples = examples;
    this.outcomes = outcomes;
  }

  /** The stores; call before serving starts (its deployer reads the registry). */
  public static Learning stores(Config config, CqlSession session, String keyspace) {
    LearningSettings settings = LearningSettings.fromConfig(config);
    TimeLogSettings store = TimeLogSettings.fromConfig(config, "persona.learning.store");
    OutcomeRecorder outcomes = settings.enabled()
        ? new OutcomeRecorder(new OutcomeLogRepository(session, keyspace, store),
            settings.attribution().positiveTypes(), Clock.systemUTC())
        : OutcomeRecorder.disabled();
    return new Learning(settings, new ModelRegistryRepository(session, keyspace),
        new StreamOffsetRepository(session, keyspace), new TrainingExampleRepository(session, keyspace, store),
        outcomes);
  }

  /**
   * Registers the loop as a Cluster Singleton (every node must, so each can host or reach it); it
   * runs on the oldest node with the trainer role. Nothing when learning is disabled.
   */
  public void startLoop(ActorSystem<?> system, Config config, CqlSession session, String keyspace, Serving serving) {
    if (!settings.enabled()) {
      return;
    }
    RankingSettings ranking = RankingSettings.from(config.getConfig("persona.ranking"));
    PredictionLogRepository slates =
        new PredictionLogRepository(session, keyspace, TimeLogSettings.fromConfig(config, "persona.prediction-log"));
    OutcomeLogRepository outcomeLog =
        new OutcomeLogRepository(session, keyspace, TimeLogSettings.fromConfig(config, "persona.learning.store"));
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("persona.learning.dispatcher"));
    RankerFitting fitting = new RankerFitting(serving.spec(),
        ranking.fitting().withTraining(ranking.fitting().training().withMaxEpochs(settings.epochs())));
    ChallengerReview review = new ChallengerReview(serving.spec(), new PromotionGate(settings.gate()));
    Clock clock = Clock.systemUTC();
    Config monitorConfig = config.getConfig("persona.learning.monitors");
    TrainingMonitors monitors = new TrainingMonitors(serving.spec(), monitorConfig.getDouble("psi-threshold"),
        monitorConfig.getDouble("calibration-gap"), monitorConfig.getInt("min-rows"));
    EmbeddingRetrainer.EmbeddingSettings embeddingSettings =
        EmbeddingRetrainer.EmbeddingSettings.fromConfig(config, ranking.features().embeddingDimension());
    // a fresh joiner and trainer per incarnation: a singleton that moved starts from the stored offsets
    SingletonActor<Void> loop = SingletonActor.of(Behaviors.supervise(Behaviors.<Void>setup(context ->
            LearningLoop.create(
                new ExampleJoiner(slates, outcomeLog, examples, offsets, settings, clock),
                new ChallengerTrainer(examples, offsets, registry, review, fitting, ranking.dcn(), serving.spec(),
                    serving.models(), published -> serving.modelTopic().tell(Topic.publish(published)), settings,
                    monitors, clock),
                new EmbeddingRetrainer(outcomeLog, serving.catalogWriter(), embeddingSettings, clock),
                embeddingSettings, settings, blocking)))
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2)),
        "learning-loop")
        .withSettings(ClusterSingletonSettings.create(system).withRole(NodeRoles.TRAINER));
    ClusterSingleton.get(system).init(loop);
  }

  /** The registry as the node's model deployer sees it. */
  public ModelSource modelSource() {
    return new ModelSource() {
      @Override
      public Optional<String> championVersion() {
        return registry.champion().map(ChampionPointer::version);
      }

      @Override
      public Optional<String> challengerVersion() {
        return registry.list().stream()
            .filter(model -> model.status() == ModelStatus.CHALLENGER)
            .map(RegisteredModel::version)
            .findFirst();
      }

      @Override
      public Optional<ModelArtifact> load(String version) {
        return registry.loadArtifact(version);
      }
    };
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

  public TrainingExampleRepository examples() {
    return examples;
  }

  public OutcomeRecorder outcomes() {
    return outcomes;
  }

  /** Tells every node to look at the registry again (after an operator's promotion). */
  public static void announce(Serving serving, ModelPublished published) {
    serving.modelTopic().tell(Topic.publish(published));
  }
}
