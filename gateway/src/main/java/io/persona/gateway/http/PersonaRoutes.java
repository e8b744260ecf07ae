package io.persona.gateway.http;

import com.datastax.oss.driver.api.core.CqlSession;
import io.persona.models.profile.ProfilePolicy;
import io.persona.persistence.catalog.ItemCategories;
import io.persona.persistence.catalog.ItemRepository;
import io.persona.streams.ingest.EventIngest;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;

/** Every HTTP route of a node, wrapped so that every error leaves as problem+json. */
public final class PersonaRoutes extends AllDirectives {
  private final Route route;

  public PersonaRoutes(ActorSystem<?> system, CqlSession session, EventIngest ingest, ItemRepository items,
      ItemCategories categories, ProfilePolicy policy, GatewaySettings settings, Clock clock) {
    RequestBodies bodies = new RequestBodies(settings.maxBodyBytes(), settings.askTimeout().toMillis());
    EventRoutes events = new EventRoutes(ingest, settings.eventRules(), bodies, settings.maxEventsPerRequest(),
        settings.retryAfter(), clock);
    ItemRoutes itemRoutes = new ItemRoutes(items, categories, bodies, settings.maxItemsPerRequest(), clock);
    UserRoutes users = new UserRoutes(ClusterSharding.get(system), policy, settings.askTimeout(),
        settings.retryAfter(), clock);
    HealthRoutes health = new HealthRoutes(system, session);
    this.route = handleExceptions(ErrorHandling.exceptions(settings.retryAfter()), () ->
        handleRejections(ErrorHandling.rejections(), () -> concat(
            pathPrefix("v1", () -> concat(events.route(), itemRoutes.route(), users.route())),
            health.route())));
  }

  public Route route() {
    return route;
  }
}
