package io.persona.gateway.node;

import io.persona.actors.catalog.CatalogUpdates;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

import java.time.Duration;

/**
 * Reconciles this node's catalog replica with Cassandra a little after any member (this one too)
 * comes up. Pub-sub learns of a new node's subscriber through the receptionist, each node on its
 * own and within seconds: a catalog change published in those seconds, to the new node or by it,
 * can miss a replica, and the periodic reconciliation would heal it only minutes later. Members
 * that come up together are reconciled for once, {@code delay} after the last of them.
 */
final class CatalogJoinReconciliation {
  sealed interface Command {}

  private record MemberCameUp() implements Command {}

  private record Reconcile() implements Command {}

  /** Stops for good: the node is shutting down and the replica is about to close. */
  record Stop() implements Command {}

  private CatalogJoinReconciliation() {}

  /** Asks {@code updates} to reconcile: it does so after the catalog changes queued before. */
  static Behavior<Command> create(Duration delay, ActorRef<CatalogUpdates.Command> updates) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
          context.messageAdapter(ClusterEvent.MemberUp.class, up -> new MemberCameUp()),
          ClusterEvent.MemberUp.class));
      return Behaviors.receive(Command.class)
          .onMessage(MemberCameUp.class, up -> {
            timers.startSingleTimer("reconcile", new Reconcile(), delay); // a burst of joins: once
            return Behaviors.same();
          })
          .onMessage(Reconcile.class, tick -> {
            updates.tell(new CatalogUpdates.Reconcile());
            return Behaviors.same();
          })
          .onMessage(Stop.class, stop -> Behaviors.stopped())
          .build();
    }));
  }
}
