package io.persona.gateway.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import io.persona.actors.activity.Activity;
import io.persona.actors.user.UserEntity;
import io.persona.actors.user.UserEntitySettings;
import io.persona.gateway.http.AdminSettings;
import io.persona.gateway.http.GatewaySettings;
import io.persona.gateway.http.PersonaRoutes;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.cassandra.LocalCassandraNode;
import io.persona.persistence.catalog.ItemCategories;
import io.persona.persistence.catalog.ItemRepository;
import io.persona.persistence.schema.SchemaMigrations;
import io.persona.streams.ingest.EventIngest;
import io.persona.streams.ingest.IngestSettings;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running Persona node: (optionally) the local Cassandra node, the schema, the actor system
 * with its sharded users, Pekko Management, serving (catalog replica, signals, model, prediction
 * log), the ingest stream and the HTTP server, started in that order.
 *
 * <p>It stops through Pekko's coordinated shutdown, whoever asks (SIGTERM, {@link #close()}, an
 * operator's leave, the split-brain resolver): readiness turns 503 and the server keeps answering
 * for {@code persona.shutdown.drain}, then unbinds and lets in-flight requests finish, this node's
 * shards are handed off, the node leaves the cluster, the prediction log is flushed and the actor
 * system ends; the Cassandra session (and a local Cassandra node this node started) close last.
 */
public final class PersonaNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PersonaNode.class);
  /** Every node of one cluster must use the same actor system name. */
  public static final String SYSTEM_NAME = "persona";

  private final LocalCassandraNode localCassandra;
  private final CqlSession session;
  private final ActorSystem<Void> system;
  private final Serving serving;
  private final ServerBinding binding;
  private final AtomicBoolean released = new AtomicBoolean(false);
  private final CompletableFuture<Done> stopped = new CompletableFuture<>();
  private volatile long stopRequestedNanos = System.nanoTime();

  private PersonaNode(LocalCassandraNode localCassandra, CqlSession session, ActorSystem<Void> system,
      Serving serving, ServerBinding binding) {
    this.localCassandra = localCassandra;
    this.session = session;
    this.system = system;
    this.serving = serving;
    this.binding = binding;
  }

  /** Starts a node from a fully loaded configuration (see NodeConfig). */
  public static PersonaNode start(Config config) {
    Metrics.start(config); // first: Kamon's agent must see Pekko's (and the driver's) classes load
    CassandraSettings cassandra = CassandraSettings.fromConfig(config);
    LocalCassandraNode local = cassandra.startLocalNode()
        ? LocalCassandraNode.ensureRunning(cassandra.localNodeSettings())
        : null;
    if (local != null) {
      local.stopOnlyWhenClosed(); // close() stops it after the actor system, never before
    }
    CqlSession session;
    try {
      session = CassandraSessions.connect(cassandra);
      SchemaMigrations.apply(session, cassandra.keyspace(), cassandra.replication());
    } catch (RuntimeException e) {
      if (local != null) {
        local.close();
      }
      throw e;
    }

    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
    Serving serving = null;
    try {
      joinSelfIfNoSeeds(system, config);
      startManagement(system, config);
      UserEntitySettings userSettings = UserEntitySettings.fromConfig(config);
      ActorRef<Topic.Command<Activity>> activity = Serving.activityTopic(system);
      UserEntity.init(system, userSettings, activity);

      ItemRepository items = new ItemRepository(session, cassandra.keyspace());
      ItemCategories categories = new ItemCategories(items,
          config.getDuration("persona.items.category-cache-ttl"),
          config.getInt("persona.items.category-cache-size"), Clock.systemUTC());
      Learning learning = Learning.stores(config, session, cassandra.keyspace());
      serving = Serving.start(system, config, session, cassandra.keyspace(), items, categories,
          userSettings.policy(), activity, learning.modelSource(), learning.settings().challengerShare(),
          learning.settings().championPoll());
      learning.startLoop(system, config, session, cassandra.keyspace(), serving);
      EventIngest ingest = new EventIngest(system, categories, IngestSettings.fromConfig(config),
          learning.outcomes());
      GatewaySettings gateway = GatewaySettings.fromConfig(config);
      Readiness readiness = new Readiness();
      PersonaRoutes routes = new PersonaRoutes(system, session, ingest, items, serving, learning,
          userSettings.policy(), gateway, AdminSettings.fromConfig(config), readiness, Clock.systemUTC());

      ServerBinding binding = Http.get(system).newServerAt(gateway.host(), gateway.port())
          .bind(routes.route())
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      log.info("Persona node {} serves HTTP on http://{}:{} (roles {})", Cluster.get(system).selfMember().address(),
          gateway.host(), binding.localAddress().getPort(), Cluster.get(system).selfMember().getRoles());
      PersonaNode node = new PersonaNode(local, session, system, serving, binding);
      node.stopThroughCoordinatedShutdown(ShutdownSettings.fromConfig(config), readiness);
      return node;
    } catch (Exception e) {
      if (serving != null) {
        serving.flush();
      }
      system.terminate();
      awaitTermination(system);
      if (serving != null) {
        serving.close();
      }
      session.close();
      if (local != null) {
        local.close();
      }
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

  private static void startManagement(ActorSystem<?> system, Config config) throws Exception {
    if (config.getBoolean("persona.management.enabled")) {
      var uri = PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      log.info("Pekko Management on {}", uri);
    }
  }

  /** See the class comment for the order; each step is a task in a coordinated-shutdown phase. */
  private void stopThroughCoordinatedShutdown(ShutdownSettings settings, Readiness readiness) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "persona-drain", () -> {
      readiness.markLeaving();
      log.info("Leaving: readiness is 503; serving {} more before the HTTP server unbinds", settings.drain());
      return after(settings.drain());
    });
    binding.addToCoordinatedShutdown(settings.requestsDone(), system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "persona-flush",
        () -> CompletableFuture.supplyAsync(() -> {
          serving.flush(); // the prediction log is a stream: it drains while the system still runs
          return Done.done();
        }));
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "persona-stop-clock", () -> {
      stopRequestedNanos = System.nanoTime();
      return CompletableFuture.completedFuture(Done.done());
    });
    system.getWhenTerminated().whenComplete((done, failure) -> releaseAfterTermination());
  }

  private static CompletionStage<Done> after(java.time.Duration delay) {
    return CompletableFuture.supplyAsync(Done::done,
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** What outlives the actor system: the model, the index, the session and a local Cassandra node. */
  private void releaseAfterTermination() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    long terminatedNanos = System.nanoTime();
    try {
      serving.close();
      session.close();
      if (localCassandra != null) {
        localCassandra.close();
      }
      log.info("Persona node stopped: {} ms to leave and end the actor system, {} ms to release the rest",
          TimeUnit.NANOSECONDS.toMillis(terminatedNanos - stopRequestedNanos),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - terminatedNanos));
    } catch (RuntimeException e) {
      log.warn("Releasing the node's resources failed: {}", e.toString());
    } finally {
      stopped.complete(Done.done());
    }
  }

  private static void joinSelfIfNoSeeds(ActorSystem<?> system, Config config) {
    if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public Serving serving() {
    return serving;
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
