package io.persona.gateway.node;

import com.typesafe.config.Config;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.actors.model.ModelPromotions;
import io.persona.actors.model.ServingModels;
import io.persona.actors.activity.Activity;
import io.persona.actors.activity.LiveSubscriptions;
import io.persona.actors.recommend.HistoryModelHolder;
import io.persona.actors.recommend.Recommender;
import io.persona.actors.recommend.RecommendSettings;
import io.persona.actors.recommend.ServingWarmUp;
import io.persona.actors.recommend.UserRecommendations;
import io.persona.actors.slate.SlateLogWriter;
import io.persona.actors.user.UserEntity;
import io.persona.actors.user.Users;
import io.persona.gateway.http.Readiness;
import io.persona.models.ranking.TorchRuntime;
import io.persona.persistence.cassandra.CoalescedWrites;
import io.persona.persistence.access.ClusterSecretRepository;
import io.persona.persistence.privacy.UserErasure;
import io.persona.gateway.telemetry.ClusterTelemetry;
import io.persona.gateway.telemetry.Telemetry;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.StandardFeatures;
import io.persona.persistence.predictions.PredictionLogRepository;
import io.persona.streams.ingest.BulkIngest;
import io.persona.streams.ingest.EventIngest;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running Persona node, built in the order data flows through it: storage, the cluster and
 * its users, the catalog, ingest, the signals events leave behind, ranking, the slate log, the
 * recommender, learning, and last the HTTP API that lets the world in.
 *
 * <p>It stops through Pekko's coordinated shutdown, whoever asks (SIGTERM, {@link #close()}, an
 * operator's leave, the split-brain resolver): readiness turns 503 and the server keeps answering
 * for {@code persona.shutdown.drain}, then unbinds and lets in-flight requests finish, this node's
 * shards are handed off, the node leaves the cluster, the slate log is flushed and the actor
 * system ends; what outlives the actor system (models, the index, the Cassandra session and a
 * local Cassandra node) is released last, in the reverse order of its start.
 */
public final class PersonaNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PersonaNode.class);
  /** How often the cluster membership gauges are refreshed (the default metrics tick is 10 s). */
  private static final Duration CLUSTER_TELEMETRY_EVERY = Duration.ofSeconds(5);
  /** Every node of one cluster must use the same actor system name. */
  public static final String SYSTEM_NAME = "persona";

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final Parts parts;
  private final Optional<String> developmentKey;
  private final Deque<AutoCloseable> afterTermination;
  private final AtomicBoolean released = new AtomicBoolean(false);
  private final CompletableFuture<Done> stopped = new CompletableFuture<>();
  private final CompletableFuture<ServingWarmUp.Report> warmUp;
  private volatile long stopRequestedNanos = System.nanoTime();

  /** What a node is made of, for tests and benchmarks that look inside a running node. */
  public record Parts(FeatureSpec spec, CatalogReplica catalog, LiveSubscriptions live, ServingModels models) {}

  private PersonaNode(ActorSystem<Void> system, ServerBinding binding, Parts parts, Optional<String> developmentKey,
                      Deque<AutoCloseable> afterTermination, CompletableFuture<ServingWarmUp.Report> warmUp) {
    this.warmUp = warmUp;
    this.system = system;
    this.binding = binding;
    this.parts = parts;
    this.developmentKey = developmentKey;
    this.afterTermination = afterTermination;
  }

  /** Starts a node from a fully loaded configuration (see NodeConfig). */
  public static PersonaNode start(Config config) {
    Telemetry.start(config); // first: Kamon's agent must see Pekko's (and the driver's) classes load
    // before anything loads DJL's PyTorch engine, which reads its threads and offline mode once
    TorchRuntime.prepare(config.getInt("persona.ranking.threads-per-call"));
    if (CommonPool.threadPerTask()) {
      log.warn("The JVM's common pool has parallelism 1: every continuation of an ask starts a thread of its own. "
          + "Start the JVM with -D{}=2 (Main does), or call CommonPool.widen() before anything else", CommonPool.PARALLELISM);
    }
    NodeSettings settings = NodeSettings.fromConfig(config);
    ArteryTls.check(config);
    Deque<AutoCloseable> afterTermination = new ArrayDeque<>(); // released in reverse order
    Storage storage = Storage.open(settings.cassandra());
    afterTermination.push(storage);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
    // set once the node stops (or fails to start): the serving warm-up ends before its next list
    AtomicBoolean stopping = new AtomicBoolean(false);
    try {
      boolean discovery = !config.getString("persona.cluster.discovery").isBlank();
      if (discovery && !settings.management()) {
        throw new IllegalArgumentException("persona.cluster.discovery (PERSONA_DISCOVERY) needs Pekko Management: "
            + "the nodes find each other through its endpoints; persona.management.enabled is false");
      }
      if (!discovery) {
        joinSelfIfNoSeeds(system, config);
      }
      if (settings.management()) {
        log.info("Pekko Management on {}", PekkoManagement.get(system).start().toCompletableFuture()
            .get(30, TimeUnit.SECONDS));
      }
      if (discovery) {
        // after Management is up: the other nodes ask this one's endpoint which cluster it knows
        ClusterBootstrap.get(system).start();
        log.info("Cluster Bootstrap started: {} discovery of \"{}\", {} contact points needed to form a new cluster",
            config.getString("persona.cluster.discovery"), config.getString("persona.cluster.discovery-service"),
            config.getInt("persona.cluster.discovery-required-contacts"));
      }
      Auth auth = Auth.start(system, storage, settings.auth(), settings.admin().operatorKey());
      afterTermination.push(auth);
      Topics topics = Topics.start(system);
      UserEntity.init(system, settings.users(), topics.activity());
      Users users = new Users(system);
      UserDeletions deletions = new UserDeletions(system, users, new UserErasure(storage.session(), storage.keyspace(),
          settings.slateStore(), settings.learningStore()),
          new ClusterSecretRepository(storage.session(), storage.keyspace())
              .getOrCreate(UserDeletions.AUDIT_SECRET_NAME, Auth::randomSecret),
          system.dispatchers().lookup(Learning.DISPATCHER), settings.deletions(), Clock.systemUTC());
      afterTermination.push(deletions);

      Catalog catalog = Catalog.start(system, storage, topics.catalog(), settings.catalog());
      afterTermination.push(catalog);
      Learning learning = Learning.stores(storage, settings.learning(), settings.learningStore(), settings.history(),
          new CoalescedWrites(storage.session(), settings.ingest().logBatch(), settings.ingest().logLinger()));
      EventIngest ingest = new EventIngest(system, users, catalog.categories(), settings.ingest(), learning.outcomes(),
          learning.interactions());
      BulkIngest bulkIngest = new BulkIngest(system, users, catalog.categories(), settings.ingest(), settings.imports(),
          learning.outcomes(), learning.interactions());
      Signals signals = Signals.start(system, topics.activity(), settings.signals(), settings.users().profileSettings(),
          learning.interactionLog(), itemId -> catalog.replica().item(itemId) != null);
      // a deleted item's counts and co-visitation row go with it (signals grow only with the catalog)
      catalog.replica().onRemoved(signals.items()::forget);

      FeatureSpec spec = StandardFeatures.spec(settings.ranking().features(), settings.users().profileSettings());
      Ranking ranking = Ranking.start(system, spec, signals.items(), learning.registry(), topics.models(),
          settings.serving());
      afterTermination.push(ranking);
      SlateLogWriter slateLog = new SlateLogWriter(system,
          new PredictionLogRepository(storage.session(), storage.keyspace(), settings.slateStore()),
          settings.slateLog());
      HistoryModelHolder history = new HistoryModelHolder(Learning.historyModels(storage));
      Rules rules = Rules.start(system, storage, config.getDuration("persona.rules.refresh-interval"));
      afterTermination.push(rules);
      Cancellable historyPoll = system.scheduler().scheduleWithFixedDelay(Duration.ZERO,
          settings.history().modelPoll(), history::refresh, system.dispatchers().lookup(Learning.DISPATCHER));
      Executor recommendThreads = system.dispatchers().lookup(DispatcherSelector.fromConfig(RecommendSettings.DISPATCHER));
      Recommender recommender = new Recommender(catalog.replica(), signals.items(), history, ranking.models(), spec,
          settings.recommend(), slateLog, shown -> topics.activity().tell(Topic.publish(new Activity.ItemsShown(shown))),
          recommendThreads, rules.book());
      UserRecommendations recommendations = new UserRecommendations(users, recommender,
          settings.recommend().profileTimeout());

      ModelPromotions promotions = new ModelPromotions(learning.registry(), topics.models());
      afterTermination.push(learning.startLoop(system, config, spec, ranking.models().champion(), promotions,
          catalog.writer(), signals.pulse(), catalog.replica()));

      Cancellable clusterTelemetry = ClusterTelemetry.start(system, CLUSTER_TELEMETRY_EVERY);
      Readiness readiness = new Readiness();
      var https = settings.gateway().tls().serverContext();
      var server = Http.get(system).newServerAt(settings.gateway().host(), settings.gateway().port());
      if (https.isPresent()) {
        server = server.enableHttps(https.get());
      }
      ServerBinding binding = server
          .bind(ApiRoutes.of(system, settings, storage, users, ingest, bulkIngest, catalog, signals, ranking,
              slateLog, recommendations, history, learning, promotions, auth, deletions, rules, readiness))
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      log.info("Persona node {} serves HTTP on {}://{}:{} (roles {})", Cluster.get(system).selfMember().address(),
          https.isPresent() ? "https" : "http", settings.gateway().host(), binding.localAddress().getPort(),
          Cluster.get(system).selfMember().getRoles());
      String passivation = "pekko.cluster.sharding.passivation.persona-users.";
      log.info("User entities kept in memory: at most {} (persona.users.max-active {}), idle ones for {}",
          config.hasPath(passivation + "active-entity-limit") ? config.getString(passivation + "active-entity-limit") : "(Pekko's default)",
          config.getString("persona.users.max-active"),
          config.hasPath(passivation + "idle-entity.timeout") ? config.getString(passivation + "idle-entity.timeout") : "(Pekko's default)");
      // ready only once the ranking path has run: the first requests would otherwise meet cold code
      CompletableFuture<ServingWarmUp.Report> warmUp = ServingWarmUp.start(recommender, catalog.replica(), history,
              settings.users().profileSettings(), ServingWarmUp.Settings.fromConfig(config),
              ranking::championInstalled,
              () -> stopping.get() || readiness.leaving(), recommendThreads)
          .whenComplete((report, failure) -> {
            readiness.markWarmedUp(ServingWarmUp.summary(report, failure));
            ServingWarmUp.log(report, failure);
          });

      // last: events from Kafka come in once the node serves, like requests
      Optional<KafkaIngestion> kafka = KafkaIngestion.start(config, settings.kafka(), ingest,
          settings.gateway().eventRules());
      kafka.ifPresent(afterTermination::push);

      PersonaNode node = new PersonaNode(system, binding,
          new Parts(spec, catalog.replica(), signals.live(), ranking.models()), auth.developmentKey(), afterTermination,
          warmUp);
      node.stopThroughCoordinatedShutdown(settings.shutdown(), readiness, kafka, () -> {
        stopping.set(true);
        catalog.stopCommits();
        ranking.stopRefresh();
        historyPoll.cancel();
        clusterTelemetry.cancel();
        slateLog.close(); // the slate log is a stream: it drains while the system still runs
      });
      return node;
    } catch (Exception e) {
      stopping.set(true);
      system.terminate();
      awaitTermination(system);
      releaseAll(afterTermination);
      throw new IllegalStateException("Persona node failed to start: " + e.getMessage(), e);
    }
  }

  private static void awaitTermination(ActorSystem<?> system) {
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Actor system did not terminate in time: {}", e.toString());
    }
  }

  private static void joinSelfIfNoSeeds(ActorSystem<?> system, Config config) {
    if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  /**
   * See the class comment for the order; each step is a task in a coordinated-shutdown phase.
   *
   * @param kafka   the Kafka consumer, stopped (its persisted offsets committed) while the node still serves
   * @param flush stops this node's periodic work and drains its streams, while the system still runs
   */
  private void stopThroughCoordinatedShutdown(ShutdownSettings settings, Readiness readiness,
                                              Optional<KafkaIngestion> kafka, Runnable flush) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    kafka.ifPresent(consumer -> shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "persona-kafka-stop",
        // while the user entities still run: in-flight events persist and their offsets are committed
        () -> CompletableFuture.supplyAsync(() -> {
          consumer.stopConsuming();
          return Done.done();
        })));
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "persona-drain", () -> {
      readiness.markLeaving();
      log.info("Leaving: readiness is 503; serving {} more before the HTTP server unbinds", settings.drain());
      return after(settings.drain());
    });
    binding.addToCoordinatedShutdown(settings.requestsDone(), system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "persona-flush",
        () -> CompletableFuture.supplyAsync(() -> {
          flush.run();
          return Done.done();
        }));
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "persona-stop-clock", () -> {
      stopRequestedNanos = System.nanoTime();
      return CompletableFuture.completedFuture(Done.done());
    });
    system.getWhenTerminated().whenComplete((done, failure) -> releaseAfterTermination());
  }

  private static CompletionStage<Done> after(Duration delay) {
    return CompletableFuture.supplyAsync(Done::done,
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
  }

  private void releaseAfterTermination() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    long terminatedNanos = System.nanoTime();
    releaseAll(afterTermination);
    log.info("Persona node stopped: {} ms to leave and end the actor system, {} ms to release the rest",
        TimeUnit.NANOSECONDS.toMillis(terminatedNanos - stopRequestedNanos),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - terminatedNanos));
    stopped.complete(Done.done());
  }

  /** Newest first: the local Cassandra node stops after everything that used it. */
  private static void releaseAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Releasing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Ends when the serving warm-up ended (from then on /health/ready may answer 200), whatever its outcome. */
  public CompletionStage<ServingWarmUp.Report> warmUp() {
    return warmUp.exceptionally(failure -> new ServingWarmUp.Report(0, 0, -1, -1, "failed"));
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  /** The local profile's development API key (generated at its first start), to show its user; empty elsewhere. */
  public Optional<String> developmentKey() {
    return developmentKey;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** The node's parts, for tests and benchmarks that look inside it. */
  public Parts parts() {
    return parts;
  }

  /** Completes once the node has stopped and released everything, whatever made it stop. */
  public CompletionStage<Done> whenStopped() {
    return stopped;
  }

  /**
   * Leaves the cluster gracefully and stops (see the class comment), then returns; stopping an
   * already stopping node waits for the same end.
   */
  @Override
  public void close() {
    system.terminate(); // runs the coordinated shutdown (pekko.coordinated-shutdown.run-by-actor-system-terminate)
    try {
      stopped.toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      log.warn("The node did not stop within 2 minutes: {}", e.toString());
    }
  }
}
