package io.persona.actors.activity;

import io.persona.models.profile.ProfileSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Feeds the activity topic into this node's item signals, live subscriptions and activity pulse.
 * An activity that fails to apply is logged and dropped (the listener restarts and keeps its
 * subscription): one bad message must not stop this node's trending, co-visitation and pushes.
 */
public final class ActivityListener {
  private ActivityListener() {}

  public static Behavior<Activity> create(ActorRef<Topic.Command<Activity>> topic, ItemSignals signals,
                                          LiveSubscriptions live, ActivityPulse pulse,
                                          ProfileSettings profileSettings) {
    return Behaviors.supervise(Behaviors.<Activity>setup(context -> {
      topic.tell(Topic.subscribe(context.getSelf()));
      return Behaviors.receiveMessage(activity -> {
        signals.observe(activity, profileSettings);
        if (activity instanceof Activity.UserActed acted) {
          live.userActed(acted.userId());
          pulse.observed();
        }
        return Behaviors.same();
      });
    })).onFailure(Exception.class, SupervisorStrategy.restart());
  }
}
