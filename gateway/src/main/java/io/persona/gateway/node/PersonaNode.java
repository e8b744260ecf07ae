package io.persona.gateway.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import io.persona.actors.activity.Activity;
import io.persona.actors.user.UserEntity;
import io.persona.actors.user.UserEntitySettings;
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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One running Persona node: (optionally) the local Cassandra node, the schema, the actor system
 * with its sharded users, serving (catalog replica, signals, model, prediction log), the ingest
 * stream and the HTTP server, started in that order and
 * stopped in reverse.
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
      PersonaRoutes routes = new PersonaRoutes(system, session, ingest, items, serving, learning,
          userSettings.policy(), gateway, Clock.systemUTC());

      ServerBinding binding = Http.get(system).newServerAt(gateway.host(), gateway.port())
          .bind(routes.route())
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      log.info("Persona node serves HTTP on http://{}:{}", gateway.host(), binding.localAddress().getPort());
      return new PersonaNode(local, session, system, serving, binding);
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

  /** Stops HTTP, the actor system, the session, and the local Cassandra node if this node started it. */
  @Override
  public void close() {
    try {
      binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("HTTP server did not stop cleanly: {}", e.toString());
    }
    serving.flush();
    system.terminate();
    awaitTermination(system);
    serving.close();
    session.close();
    if (localCassandra != null) {
      localCassandra.close();
    }
  }
}
