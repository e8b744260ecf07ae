package io.persona.gateway.node;

import io.persona.actors.model.ModelPromotions;
import io.persona.actors.node.NodeRoles;
import io.persona.actors.recommend.HistoryModelHolder;
import io.persona.actors.recommend.RecommendSettings;
import io.persona.actors.recommend.UserRecommendations;
import io.persona.actors.slate.SlateLogWriter;
import io.persona.actors.user.Users;
import io.persona.gateway.http.ClusterAdminRoutes;
import io.persona.gateway.http.EventBatchIntake;
import io.persona.gateway.http.EventRoutes;
import io.persona.gateway.http.HealthRoutes;
import io.persona.gateway.http.ImportRoutes;
import io.persona.gateway.http.ItemRoutes;
import io.persona.gateway.http.LearningStatusRoutes;
import io.persona.gateway.http.LiveRoutes;
import io.persona.gateway.http.MetricsRoutes;
import io.persona.gateway.http.ModelRoutes;
import io.persona.gateway.http.OperatorKey;
import io.persona.gateway.http.PersonaRoutes;
import io.persona.gateway.http.Readiness;
import io.persona.gateway.http.RecommendationRoutes;
import io.persona.gateway.http.RequestBodies;
import io.persona.gateway.http.ServingStatsRoutes;
import io.persona.gateway.http.UserRoutes;
import io.persona.streams.ingest.BulkIngest;
import io.persona.streams.ingest.EventIngest;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The node's HTTP API, each route given only what it uses. The public API is served by nodes with
 * the gateway role; health, metrics and the operator endpoints by every node.
 */
final class ApiRoutes {
  private ApiRoutes() {}

  static Route of(ActorSystem<?> system, NodeSettings settings, Storage storage, Users users, EventIngest ingest,
                  BulkIngest bulkIngest,
                  Catalog catalog, Signals signals, Ranking ranking, SlateLogWriter slateLog,
                  UserRecommendations recommendations, HistoryModelHolder history, Learning learning,
                  ModelPromotions promotions,
                  Readiness readiness) {
    var gateway = settings.gateway();
    RecommendSettings recommend = settings.recommend();
    Clock clock = Clock.systemUTC();
    Executor learningWork = system.dispatchers().lookup(Learning.DISPATCHER);
    RequestBodies bodies = new RequestBodies(gateway.maxBodyBytes(), gateway.askTimeout().toMillis());
    EventBatchIntake intake = new EventBatchIntake(ingest, gateway.eventRules(), gateway.maxEventsPerRequest(), clock);
    Set<String> attributes = Set.copyOf(settings.ranking().features().contextAttributes());
    OperatorKey operator = new OperatorKey(settings.admin().operatorKey());

    Route publicApi = Directives.concat(
        new EventRoutes(intake, bodies, gateway.retryAfter()).route(),
        new ImportRoutes(bulkIngest, catalog.writer(), settings.imports(), gateway.eventRules(), gateway.retryAfter(),
            clock).route(),
        new ItemRoutes(catalog.items(), catalog.writer(), bodies, gateway.maxItemsPerRequest(),
            settings.catalog().embeddingDimension(), clock).route(),
        new UserRoutes(users, settings.users().profileSettings(), gateway.askTimeout(), gateway.retryAfter(), clock).route(),
        new RecommendationRoutes(recommendations, recommend.defaultK(), recommend.maxK(), attributes,
            gateway.retryAfter(), clock).route(),
        new LiveRoutes(recommendations, signals.live(), intake, recommend.defaultK(), recommend.maxK(), attributes,
            gateway.askTimeout(), gateway.live(), gateway.retryAfter(), clock).route(),
        new ModelRoutes(learning.registry(), promotions, ranking.models(), learningWork, gateway.retryAfter(),
            operator).route());
    Route operatorApi = Directives.concat(
        new ClusterAdminRoutes(system, settings.admin().shardingStatsTimeout()).route(),
        new ServingStatsRoutes(ranking.models().champion(), catalog.replica(), signals.live(), slateLog, history).route(),
        new LearningStatusRoutes(settings.learning().enabled(), learning.offsets(), learningWork,
            gateway.retryAfter()).route());
    Route root = Directives.concat(new HealthRoutes(system, storage.session(), readiness).route(),
        new MetricsRoutes().route());
    boolean servesPublicApi = Cluster.get(system).selfMember().hasRole(NodeRoles.GATEWAY);
    return new PersonaRoutes(servesPublicApi ? publicApi : Directives.reject(), operatorApi, operator, root,
        gateway.retryAfter()).route();
  }
}
