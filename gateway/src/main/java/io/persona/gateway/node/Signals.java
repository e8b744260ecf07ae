package io.persona.gateway.node;

import com.typesafe.config.Config;
import io.persona.actors.activity.Activity;
import io.persona.actors.activity.ActivityListener;
import io.persona.actors.activity.ItemSignals;
import io.persona.actors.activity.LiveSubscriptions;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.retrieval.CoVisitation;
import io.persona.models.retrieval.Trending;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

import java.time.Duration;

/**
 * What this node learns from the activity topic as events happen anywhere in the cluster: item
 * signals (trending, co-visitation, impressions and clicks) and the live sockets to wake up.
 */
public record Signals(ItemSignals items, LiveSubscriptions live) {

  /** {@code persona.retrieval.trending} and {@code persona.retrieval.co-visitation}. */
  public record Settings(Duration trendingHalfLife, int trendingCapacity, Duration trendingRefresh,
                         Duration sessionGap, int coVisitationWindow, int neighboursPerItem,
                         Duration coVisitationHalfLife) {
    public static Settings fromConfig(Config config) {
      Config retrieval = config.getConfig("persona.retrieval");
      return new Settings(retrieval.getDuration("trending.half-life"), retrieval.getInt("trending.capacity"),
          retrieval.getDuration("trending.refresh"), retrieval.getDuration("co-visitation.session-gap"),
          retrieval.getInt("co-visitation.window"), retrieval.getInt("co-visitation.neighbours-per-item"),
          retrieval.getDuration("co-visitation.half-life"));
    }
  }

  public static Signals start(ActorSystem<?> system, ActorRef<Topic.Command<Activity>> activity, Settings settings,
                              ProfileSettings profileSettings) {
    ItemSignals items = new ItemSignals(
        new Trending(settings.trendingHalfLife(), settings.trendingCapacity()),
        new CoVisitation(settings.sessionGap(), settings.coVisitationWindow(), settings.neighboursPerItem(),
            settings.coVisitationHalfLife()),
        settings.trendingRefresh());
    LiveSubscriptions live = new LiveSubscriptions();
    system.systemActorOf(ActivityListener.create(activity, items, live, profileSettings), "activity-listener", Props.empty());
    return new Signals(items, live);
  }
}
