package io.persona.actors.catalog;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/** Keeps this node's catalog replica current from the cluster-wide catalog topic. */
public final class CatalogUpdates {
  private CatalogUpdates() {}

  /**
   * Subscribes, then runs {@code initialLoad} (reading the catalog from Cassandra) before the first
   * change is applied: changes published during the load wait in the mailbox and win over it.
   */
  public static Behavior<CatalogChanged> create(ActorRef<Topic.Command<CatalogChanged>> topic, CatalogReplica replica,
                                                Runnable initialLoad) {
    return Behaviors.setup(context -> {
      topic.tell(Topic.subscribe(context.getSelf()));
      initialLoad.run();
      return Behaviors.receiveMessage(change -> {
        replica.apply(change);
        return Behaviors.same();
      });
    });
  }
}
