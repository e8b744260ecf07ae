package io.persona.actors.catalog;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

import java.time.Duration;

/** Keeps this node's catalog replica current from the cluster-wide catalog topic. */
public final class CatalogUpdates {
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private CatalogUpdates() {}

  /**
   * Subscribes, then runs {@code initialLoad} (reading the catalog from Cassandra) before the first
   * change is applied: changes published during the load wait in the mailbox and win over it.
   * A change that fails to apply restarts the subscriber (logged, after a backoff): the restart
   * loads the catalog again, which heals whatever the failed change left half-applied, instead of
   * leaving this node's replica frozen for good.
   */
  public static Behavior<CatalogChanged> create(ActorRef<Topic.Command<CatalogChanged>> topic, CatalogReplica replica,
                                                Runnable initialLoad) {
    return Behaviors.supervise(Behaviors.<CatalogChanged>setup(context -> {
      topic.tell(Topic.subscribe(context.getSelf()));
      initialLoad.run();
      return Behaviors.receiveMessage(change -> {
        replica.apply(change);
        return Behaviors.same();
      });
    })).onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(MIN_BACKOFF, MAX_BACKOFF, 0.2));
  }
}
