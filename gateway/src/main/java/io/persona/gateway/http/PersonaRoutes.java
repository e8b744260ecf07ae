package io.persona.gateway.http;

import com.datastax.oss.driver.api.core.CqlSession;
import io.persona.actors.recommend.RecommendSettings;
import io.persona.gateway.node.Learning;
import io.persona.gateway.node.Serving;
import io.persona.models.profile.ProfilePolicy;
import io.persona.persistence.catalog.ItemRepository;
import io.persona.streams.ingest.EventIngest;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executor;

/** Every HTTP route of a node, wrapped so that every error leaves as problem+json. */
public final class PersonaRoutes extends AllDirectives {
  private final Route route;

  public PersonaRoutes(ActorSystem<?> system, CqlSession session, EventIngest ingest, ItemRepository items,
      Serving serving, Learning learning, ProfilePolicy policy, GatewaySettings settings, Clock clock) {
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
    HealthRoutes health = new HealthRoutes(system, session);
    Executor learningDispatcher =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("persona.learning.dispatcher"));
    ModelRoutes models = new ModelRoutes(learning, serving, learningDispatcher, settings.retryAfter());
    LearningStatusRoutes learningStatus = new LearningStatusRoutes(learning, learningDispatcher, settings.retryAfter());
    this.route = handleExceptions(ErrorHandling.exceptions(settings.retryAfter()), () ->
        handleRejections(ErrorHandling.rejections(), () -> concat(
            pathPrefix("v1", () -> concat(events.route(), itemRoutes.route(), users.route(),
                recommendations.route(), live.route(), new ServingStatsRoutes(serving).route(), models.route(),
                learningStatus.route())),
            health.route(), new MetricsRoutes().route())));
  }

  public Route route() {
    return route;
  }
}
