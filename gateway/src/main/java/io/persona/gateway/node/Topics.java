package io.persona.gateway.node;

import io.persona.actors.activity.Activity;
import io.persona.actors.catalog.CatalogChanged;
import io.persona.actors.model.ModelPublished;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * This node's end of the cluster-wide topics: what users did (activity), what changed in the
 * catalog, and which models to serve. Created before anything publishes or subscribes.
 */
public record Topics(ActorRef<Topic.Command<Activity>> activity,
                     ActorRef<Topic.Command<CatalogChanged>> catalog,
                     ActorRef<Topic.Command<ModelPublished>> models) {

  public static Topics start(ActorSystem<?> system) {
    return new Topics(
        system.systemActorOf(Topic.create(Activity.class, Activity.TOPIC), "activity-topic", Props.empty()),
        system.systemActorOf(Topic.create(CatalogChanged.class, CatalogChanged.TOPIC), "catalog-topic",
            Props.empty()),
        system.systemActorOf(Topic.create(ModelPublished.class, ModelPublished.TOPIC), "model-topic",
            Props.empty()));
  }
}
