package io.persona.gateway.node;

import com.typesafe.config.Config;
import io.persona.actors.activity.Activity;
import io.persona.actors.activity.ActivityListener;
import io.persona.actors.activity.ActivityPulse;
import io.persona.actors.activity.ItemSignals;
import io.persona.actors.activity.LiveSubscriptions;
import io.persona.actors.activity.SignalsWarmUp;
import io.persona.persistence.learning.InteractionLogRepository;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.retrieval.CoVisitation;
import io.persona.models.retrieval.Trending;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node learns from the activity topic as events happen anywhere in the cluster: item
 * signals (trending, co-visitation, impressions and clicks) and the live sockets to wake up.
 */
public record Signals(ItemSignals items, LiveSubscriptions live, ActivityPulse pulse) {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  /** {@code persona.retrieval.trending} and {@code persona.retrieval.co-visitation}. */
  /** @param warmUp how much of the interaction log refills trending and co-visitation at start (0: none) */
  public record Settings(Duration trendingHalfLife, int trendingCapacity, Duration trendingRefresh,
                         Duration sessionGap, int coVisitationWindow, int neighboursPerItem,
                         Duration coVisitationHalfLife, Duration warmUp) {
    public static Settings fromConfig(Config config) {
      Config retrieval = config.getConfig("persona.retrieval");
      return new Settings(retrieval.getDuration("trending.half-life"), retrieval.getInt("trending.capacity"),
          retrieval.getDuration("trending.refresh"), retrieval.getDuration("co-visitation.session-gap"),
          retrieval.getInt("co-visitation.window"), retrieval.getInt("co-visitation.neighbours-per-item"),
          retrieval.getDuration("co-visitation.half-life"), retrieval.getDuration("warm-up"));
    }
  }

  /**
   * Subscribes to the activity topic, then refills trending and co-visitation from the interaction
   * log in the background (when there is one), so they survive restarts.
   */
  public static Signals start(ActorSystem<?> system, ActorRef<Topic.Command<Activity>> activity, Settings settings,
                              ProfileSettings profileSettings, Optional<InteractionLogRepository> interactionLog,
                              Predicate<String> catalogued) {
    ItemSignals items = new ItemSignals(
        new Trending(settings.trendingHalfLife(), settings.trendingCapacity()),
        new CoVisitation(settings.sessionGap(), settings.coVisitationWindow(), settings.neighboursPerItem(),
            settings.coVisitationHalfLife()),
        // the trending list is recomputed beside requests, on the learning loop's pool (mostly
        // threads waiting on Cassandra), not on the recommend dispatcher's two threads
        settings.trendingRefresh(), catalogued, system.dispatchers().lookup(Learning.DISPATCHER));
    LiveSubscriptions live = new LiveSubscriptions();
    ActivityPulse pulse = new ActivityPulse();
    system.systemActorOf(ActivityListener.create(activity, items, live, pulse, profileSettings), "activity-listener",
        Props.empty());
    if (interactionLog.isPresent() && settings.warmUp().compareTo(Duration.ZERO) > 0) {
      Instant now = Instant.now();
      CompletableFuture.runAsync(() -> SignalsWarmUp.run(items, interactionLog.get(), settings.warmUp(),
              profileSettings, now), system.dispatchers().lookup(Learning.DISPATCHER))
          .exceptionally(failure -> {
            log.warn("Trending and co-visitation start empty: the interaction log could not be read: {}",
                failure.toString());
            return null;
          });
    }
    return new Signals(items, live, pulse);
  }
}
