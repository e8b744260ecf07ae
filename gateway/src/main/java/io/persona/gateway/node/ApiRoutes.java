package io.persona.gateway.node;

import io.persona.actors.model.ModelPromotions;
import io.persona.actors.node.NodeRoles;
import io.persona.actors.recommend.HistoryModelHolder;
import io.persona.actors.recommend.ItemLists;
import io.persona.actors.recommend.RecommendSettings;
import io.persona.actors.recommend.UserRecommendations;
import io.persona.actors.slate.SlateLogWriter;
import io.persona.actors.user.Users;
import io.persona.gateway.auth.Scope;
import io.persona.gateway.http.Access;
import io.persona.gateway.dashboard.DashboardRoutes;
import io.persona.gateway.dashboard.DashboardSnapshots;
import io.persona.gateway.http.ApiDocsRoutes;
import io.persona.gateway.telemetry.Telemetry;
import io.persona.gateway.http.ApiKeyRoutes;
import io.persona.gateway.http.ClusterAdminRoutes;
import io.persona.gateway.http.Cors;
import io.persona.gateway.http.EventBatchIntake;
import io.persona.gateway.http.EventRoutes;
import io.persona.gateway.http.HealthRoutes;
import io.persona.gateway.http.ImportRoutes;
import io.persona.gateway.http.ItemListRoutes;
import io.persona.gateway.http.ItemRoutes;
import io.persona.gateway.http.LearningStatusRoutes;
import io.persona.gateway.http.LiveRoutes;
import io.persona.gateway.http.MetricsRoutes;
import io.persona.gateway.http.ModelRoutes;
import io.persona.gateway.http.PersonaRoutes;
import io.persona.gateway.http.Readiness;
import io.persona.gateway.http.RankRoutes;
import io.persona.gateway.http.RecommendationRoutes;
import io.persona.gateway.http.RequestBodies;
import io.persona.gateway.http.RuleRoutes;
import io.persona.gateway.http.ServingStatsRoutes;
import io.persona.gateway.http.TokenRoutes;
import io.persona.gateway.http.UserDeletionRoutes;
import io.persona.gateway.http.UserRoutes;
import io.persona.streams.ingest.BulkIngest;
import io.persona.streams.ingest.EventIngest;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.time.Duration;
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
                  ModelPromotions promotions, Auth auth, UserDeletions deletions, Rules rules,
                  Readiness readiness) {
    var gateway = settings.gateway();
    RecommendSettings recommend = settings.recommend();
    Clock clock = Clock.systemUTC();
    Executor learningWork = system.dispatchers().lookup(Learning.DISPATCHER);
    RequestBodies bodies = new RequestBodies(gateway.maxBodyBytes(), gateway.askTimeout().toMillis());
    EventBatchIntake intake = new EventBatchIntake(ingest, gateway.eventRules(), gateway.maxEventsPerRequest(), clock);
    Set<String> attributes = Set.copyOf(settings.ranking().features().contextAttributes());
    Access access = auth.access();
    UserDeletionRoutes deletionRoutes = new UserDeletionRoutes(deletions, access, gateway.retryAfter());

    Route events = new EventRoutes(intake, bodies, gateway.retryAfter()).route();
    Route imports = new ImportRoutes(bulkIngest, catalog.writer(), settings.imports(), gateway.eventRules(),
        gateway.retryAfter(), clock).route();
    // every route checks, inside its own path and method, the scope it needs (Access); the writes
    // whose paths match exactly are guarded here
    Route publicApi = Directives.concat(
        Directives.pathPrefixTest(PathMatchers.segment("events").concat(PathMatchers.pathEnd()),
            () -> access.require(Scope.EVENTS_WRITE, () -> events)),
        Directives.pathPrefixTest(PathMatchers.segment("import").slash("events").concat(PathMatchers.pathEnd()),
            () -> access.require(Scope.EVENTS_WRITE, () -> imports)),
        Directives.pathPrefixTest(PathMatchers.segment("import").slash("items").concat(PathMatchers.pathEnd()),
            () -> access.require(Scope.ITEMS_WRITE, () -> imports)),
        new ItemRoutes(catalog.items(), catalog.writer(), bodies, gateway.maxItemsPerRequest(),
            settings.catalog().embeddingDimension(), access, clock).route(),
        new UserRoutes(users, settings.users().profileSettings(), gateway.askTimeout(), gateway.retryAfter(), access,
            clock).route(),
        deletionRoutes.route(),
        new RecommendationRoutes(recommendations, recommend.defaultK(), recommend.maxK(), attributes,
            gateway.retryAfter(), access, clock).route(),
        new RankRoutes(recommendations, recommend.maxK(), attributes, bodies, gateway.retryAfter(), access, clock)
            .route(),
        new ItemListRoutes(new ItemLists(catalog.replica(), signals.items(), history, rules.book()), recommendations,
            gateway.retryAfter(), catalog.replica(),
            catalog.items(), recommend.defaultK(), recommend.maxK(), access, clock).route(),
        new LiveRoutes(recommendations, signals.live(), intake, recommend.defaultK(), recommend.maxK(), attributes,
            gateway.askTimeout(), gateway.live(), gateway.retryAfter(), access, clock).route(),
        new TokenRoutes(auth.tokens(), settings.auth().defaultTokenTtl(), bodies, access, clock).route(),
        new ModelRoutes(learning.registry(), promotions, ranking.models(), learningWork, gateway.retryAfter(),
            access).route());
    DashboardRoutes dashboard = new DashboardRoutes(new DashboardSnapshots(system, learning.registry(),
        learning.offsets(), Telemetry::scrape, learningWork, Duration.ofSeconds(5), clock));
    Route operatorApi = Directives.concat(
        dashboard.stream(),
        Directives.pathPrefix("admin", () -> Directives.concat(
            new ApiKeyRoutes(auth.keys(), bodies, learningWork, gateway.retryAfter(), clock).route(),
            new RuleRoutes(rules.store(), rules.book(), bodies, recommend.maxK(), learningWork, gateway.retryAfter(),
                clock).route(),
            deletionRoutes.adminRoute())),
        new ClusterAdminRoutes(system, settings.admin().shardingStatsTimeout()).route(),
        new ServingStatsRoutes(ranking.models().champion(), catalog.replica(), signals.live(), signals.items(), slateLog,
            history).route(),
        new LearningStatusRoutes(settings.learning().enabled(), learning.offsets(), learningWork,
            gateway.retryAfter()).route());
    Route root = Directives.concat(new HealthRoutes(system, storage.session(), readiness).route(),
        new MetricsRoutes().route(), new ApiDocsRoutes().route(), dashboard.page());
    boolean servesPublicApi = Cluster.get(system).selfMember().hasRole(NodeRoles.GATEWAY);
    return new PersonaRoutes(servesPublicApi ? publicApi : Directives.reject(), operatorApi, access,
        new Cors(gateway.corsOrigins()), root, gateway.retryAfter()).route();
  }
}
