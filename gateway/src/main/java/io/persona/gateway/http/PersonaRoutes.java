package io.persona.gateway.http;

import com.datastax.oss.driver.api.core.CqlSession;
import io.persona.actors.node.NodeRoles;
import io.persona.actors.recommend.RecommendSettings;
import io.persona.gateway.node.Learning;
import io.persona.gateway.node.Readiness;
import io.persona.gateway.node.Serving;
import io.persona.models.profile.ProfilePolicy;
import io.persona.persistence.catalog.ItemRepository;
import io.persona.streams.ingest.EventIngest;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Every HTTP route of a node, wrapped so that every error leaves as problem+json. The public API
 * is served by nodes with the {@code gateway} role; health and the operator endpoints (which need
 * the operator key) by every node.
 */
public final class PersonaRoutes extends AllDirectives {
  private final Route route;

  public PersonaRoutes(ActorSystem<?> system, CqlSession session, EventIngest ingest, ItemRepository items,
      Serving serving, Learning learning, ProfilePolicy policy, GatewaySettings settings, AdminSettings admin,
      Readiness readiness, Clock clock) {
    RequestBodies bodies = new RequestBodies(settings.maxBodyBytes(), settings.askTimeout().toMillis());
    EventRoutes events = new EventRoutes(ingest, settings.eventRules(), bodies, settings.maxEventsPerRequest(),
        settings.retryAfter(), clock);
    ItemRoutes itemRoutes = new ItemRoutes(items, serving.catalogWriter(), bodies, settings.maxItemsPerRequest(),
        serving.catalog().index().dimension(), clock);
    RecommendSettings recommend = serving.settings();
    Set<String> attributes = Set.copyOf(serving.contextAttributes());
    RecommendationRoutes recommendations = new RecommendationRoutes(serving.recommendations(), recommend.defaultK(),
        recommend.maxK(), attributes, settings.retryAfter(), clock);
    LiveRoutes live = new LiveRoutes(serving.recommendations(), serving.live(), ingest, settings.eventRules(),
        recommend.defaultK(), recommend.maxK(), settings.maxEventsPerRequest(), attributes, settings.askTimeout(),
        clock);
    UserRoutes users = new UserRoutes(ClusterSharding.get(system), policy, settings.askTimeout(),
        settings.retryAfter(), clock);
    HealthRoutes health = new HealthRoutes(system, session, readiness);
    OperatorKey operator = new OperatorKey(admin.operatorKey());
    Executor learningDispatcher =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("persona.learning.dispatcher"));
    ModelRoutes models = new ModelRoutes(learning, serving, learningDispatcher, settings.retryAfter(), operator);
    LearningStatusRoutes learningStatus = new LearningStatusRoutes(learning, learningDispatcher, settings.retryAfter());
    ClusterAdminRoutes cluster = new ClusterAdminRoutes(system, admin.shardingStatsTimeout());
    Route operatorRoutes = pathPrefixTest("admin", () -> operator.require(() -> concat(
        cluster.route(), new ServingStatsRoutes(serving).route(), learningStatus.route())));
    Route publicApi = Cluster.get(system).selfMember().hasRole(NodeRoles.GATEWAY)
        ? concat(events.route(), itemRoutes.route(), users.route(), recommendations.route(), live.route(),
            models.route())
        : reject();
    // A request still unanswered at pekko.http.server.request-timeout (e.g. events queued behind a
    // Cassandra outage) gets the same 503 problem with Retry-After as any other transient failure,
    // not the server's bare default.
    this.route = withRequestTimeoutResponse(request -> Responses.unavailable("Request timed out",
        "The node could not answer in time; the request may have been partly applied and is safe to resend.",
        settings.retryAfter()), () ->
        handleExceptions(ErrorHandling.exceptions(settings.retryAfter()), () ->
        handleRejections(ErrorHandling.rejections(), () -> concat(
            pathPrefix("v1", () -> concat(operatorRoutes, publicApi)),
            health.route(), new MetricsRoutes().route()))));
  }

  public Route route() {
    return route;
  }
}
