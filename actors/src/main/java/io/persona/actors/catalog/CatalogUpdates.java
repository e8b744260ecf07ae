package io.persona.actors.catalog;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Keeps this node's catalog replica current from the cluster-wide catalog topic, and reconciles it
 * with Cassandra when asked.
 */
public final class CatalogUpdates {
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** What the subscriber handles, one at a time, in the order it arrived. */
  public sealed interface Command {}

  /** A change published on the topic (or told directly, as in tests). */
  public record Apply(CatalogChanged change) implements Command {}

  /** Compare the replica with Cassandra and heal what it missed (see {@link #create}). */
  public record Reconcile() implements Command {}

  /** The second step of a reconciliation: heal what it found, where no change came since. */
  private record Heal(CatalogReplica.Differences found, long startedNanos) implements Command {}

  /** One pending heal at a time: a later comparison replaces an earlier one's heal. */
  private static final String HEAL_TIMER = "heal";

  private CatalogUpdates() {}

  /**
   * Subscribes, then runs {@code initialLoad} (reading the catalog from Cassandra) before the first
   * change is applied: changes published during the load wait in the mailbox and win over it.
   * A change that fails to apply restarts the subscriber (logged, after a backoff): the restart
   * loads the catalog again, which heals whatever the failed change left half-applied, instead of
   * leaving this node's replica frozen for good.
   *
   * <p>A reconciliation runs in two steps, in the mailbox's order like every change. It compares
   * the replica with Cassandra ({@code compare}; empty when Cassandra could not be read, which
   * {@code compare} logs), then heals what differs only {@code settle} later, and only the items no
   * change arrived for meanwhile (a change for an item, its vector or its removal, whatever it
   * said: comparing values instead would take back a deletion, or a change and its undoing). A row
   * Cassandra holds but the replica does not may be a lost message, or one still on its way: queued
   * behind the index inserts of a bulk load, or published once the rest of its batch is written.
   * Healed at once, such rows were indexed twice (a node spent 90 s re-indexing 133,319 items and
   * vectors that way while a bulk load went on).
   */
  public static Behavior<Command> create(ActorRef<Topic.Command<CatalogChanged>> topic, CatalogReplica replica,
                                         Runnable initialLoad,
                                         Supplier<Optional<CatalogReplica.Differences>> compare,
                                         Duration settle) {
    return Behaviors.supervise(Behaviors.<Command>setup(context -> Behaviors.withTimers(timers -> {
      topic.tell(Topic.subscribe(context.messageAdapter(CatalogChanged.class, Apply::new)));
      initialLoad.run();
      // the items changed since the last comparison, while its heal is pending (else null)
      AtomicReference<Set<String>> changedSinceComparison = new AtomicReference<>();
      return Behaviors.receive(Command.class)
          .onMessage(Apply.class, apply -> {
            replica.apply(apply.change());
            Set<String> changed = changedSinceComparison.get();
            if (changed != null) {
              apply.change().items().forEach(item -> changed.add(item.itemId()));
              changed.addAll(apply.change().embeddings().keySet());
              changed.addAll(apply.change().removed());
            }
            return Behaviors.same();
          })
          .onMessage(Reconcile.class, ask -> {
            long started = System.nanoTime();
            compare.get().ifPresent(found -> {
              if (found.isEmpty()) {
                context.getLog().info("Catalog replica matches Cassandra: {} items ({} ms)", replica.size(),
                    (System.nanoTime() - started) / 1_000_000);
              } else {
                changedSinceComparison.set(new HashSet<>());
                timers.startSingleTimer(HEAL_TIMER, new Heal(found, started), settle);
              }
            });
            return Behaviors.same();
          })
          .onMessage(Heal.class, heal -> {
            Set<String> changed = changedSinceComparison.getAndSet(null);
            int healed = replica.heal(heal.found(), changed == null ? Set.of() : changed);
            if (healed > 0) {
              context.getLog().warn("Catalog replica reconciled with Cassandra: {} items or embeddings had been "
                  + "missed ({} more differed while their changes were on their way)", healed,
                  heal.found().size() - healed);
            } else {
              context.getLog().info("Catalog replica matches Cassandra: {} items, once the {} changes on their "
                  + "way arrived ({} ms)", replica.size(), heal.found().size(),
                  (System.nanoTime() - heal.startedNanos()) / 1_000_000);
            }
            return Behaviors.same();
          })
          .build();
    }))).onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(MIN_BACKOFF, MAX_BACKOFF, 0.2));
  }
}
