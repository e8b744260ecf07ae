package io.persona.gateway.node;

import io.persona.actors.activity.ItemSignals;
import io.persona.actors.model.ModelDeployer;
import io.persona.actors.model.ModelPublished;
import io.persona.actors.model.ServingModels;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.ranking.PopularityRanker;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import io.persona.persistence.registry.ChampionPointer;
import io.persona.persistence.registry.ModelRegistryRepository;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The rankers this node serves: the champion (and, with an A/B share, the challenger) kept in step
 * with the model registry by the deployer, starting from a model file or from popularity over
 * live item signals, which is rebuilt while no trained model is served.
 */
public final class Ranking implements AutoCloseable {

  /**
   * @param modelFile      a model artifact to serve from start; empty: popularity until a model is installed
   * @param variant        what this node's champion slates are logged as
   * @param championPoll   how often the registry is read again (a missed promotion message converges)
   */
  public record Settings(String modelFile, String variant, double challengerShare, Duration championPoll,
                         Duration popularityRefresh, double ctrPrior, double ctrPriorStrength) {}

  private final ServingModels models;
  private final Cancellable popularityRefresh;
  private final BooleanSupplier championInstalled;

  private Ranking(ServingModels models, Cancellable popularityRefresh, BooleanSupplier championInstalled) {
    this.models = models;
    this.popularityRefresh = popularityRefresh;
    this.championInstalled = championInstalled;
  }

  public static Ranking start(ActorSystem<?> system, FeatureSpec spec, ItemSignals signals,
                              ModelRegistryRepository registry, ActorRef<Topic.Command<ModelPublished>> topic,
                              Settings settings) throws Exception {
    Ranker initial = settings.modelFile().isEmpty()
        ? popularity(spec, signals, settings)
        : Rankers.load(ModelArtifact.readFrom(Path.of(settings.modelFile())), spec);
    ServingModels models = new ServingModels(initial, settings.variant(), settings.challengerShare());
    // The registry's champion replaces the start model at once, unless a model file was given: then
    // the file is served until the next promotion.
    Optional<String> servingSince = settings.modelFile().isEmpty()
        ? Optional.empty()
        : Optional.of(registry.champion().map(ChampionPointer::version).orElse(initial.metadata().version()));
    system.systemActorOf(ModelDeployer.create(topic, models, registry, spec, settings.championPoll(),
        system.dispatchers().lookup(Learning.DISPATCHER), servingSince), "model-deployer", Props.empty());
    Cancellable refresh = system.scheduler().scheduleWithFixedDelay(settings.popularityRefresh(),
        settings.popularityRefresh(), () -> {
          if (PopularityRanker.KIND.equals(models.champion().currentMetadata().kind())) {
            models.champion().install(popularity(spec, signals, settings));
          }
        }, system.dispatchers().lookup(Catalog.DISPATCHER));
    return new Ranking(models, refresh, championInstalled(registry, models, !settings.modelFile().isEmpty()));
  }

  /**
   * Whether the ranker this node is to serve is installed: the registry's champion, which the model
   * deployer loads asynchronously at start (read once, on the first caller's thread); always, when a
   * model file is served until the next promotion (see {@link #start}).
   */
  public boolean championInstalled() {
    return championInstalled.getAsBoolean();
  }

  private static BooleanSupplier championInstalled(ModelRegistryRepository registry, ServingModels models,
                                                   boolean modelFile) {
    if (modelFile) {
      return () -> true;
    }
    AtomicReference<Optional<String>> wanted = new AtomicReference<>();
    return () -> {
      if (wanted.get() == null) {
        try {
          wanted.set(registry.champion().map(ChampionPointer::version));
        } catch (RuntimeException e) { // no registry to ask: what is served is what there is
          wanted.set(Optional.empty());
        }
      }
      return wanted.get().map(version -> version.equals(models.champion().currentMetadata().version())).orElse(true);
    };
  }

  private static Ranker popularity(FeatureSpec spec, ItemSignals signals, Settings settings) {
    Instant now = Clock.systemUTC().instant();
    return PopularityRanker.fromLiveStats("popularity-" + now, spec, signals.snapshot(now), settings.ctrPrior(),
        settings.ctrPriorStrength());
  }

  /** The champion and, with an A/B share, the challenger. */
  public ServingModels models() {
    return models;
  }

  /** Stops rebuilding popularity; call before the actor system terminates. */
  public void stopRefresh() {
    popularityRefresh.cancel();
  }

  /** Releases the models' native memory; call after the actor system terminated. */
  @Override
  public void close() {
    popularityRefresh.cancel();
    models.close();
  }
}
