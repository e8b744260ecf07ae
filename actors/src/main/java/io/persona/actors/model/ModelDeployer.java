package io.persona.actors.model;

import io.persona.persistence.registry.ChampionPointer;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.models.artifact.IncompatibleModelException;
import io.persona.models.artifact.ModelArtifact;
import io.persona.models.features.FeatureSpec;
import io.persona.models.ranking.Ranker;
import io.persona.models.ranking.Rankers;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Keeps this node serving what the model registry says: the champion, and the newest challenger
 * when an A/B share is configured. A {@link ModelPublished} message makes it look at once; a
 * periodic poll catches what a lost message or a late start missed. Loading (Cassandra reads and
 * native model loading) runs on the blocking executor, never in the actor; the swap itself is the
 * holder's, which never fails a request in flight.
 */
public final class ModelDeployer {
  public sealed interface Command {}

  private record Published(ModelPublished message) implements Command {}

  private enum Poll implements Command { INSTANCE }

  private record Loaded(Slot slot, String version, Ranker ranker, Throwable failure) implements Command {}

  private enum Slot { CHAMPION, CHALLENGER }

  private ModelDeployer() {}

  /**
   * @param servingSince the version already served at start (e.g. from a model file), or empty:
   *                     the champion pointer is only acted on when it differs from this
   */
  public static Behavior<Command> create(ActorRef<Topic.Command<ModelPublished>> topic, ServingModels models,
                                         ModelRegistryRepository registry, FeatureSpec spec, Duration poll, Executor blocking,
                                         Optional<String> servingSince) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<ModelPublished> adapter = context.messageAdapter(ModelPublished.class, Published::new);
      topic.tell(Topic.subscribe(adapter));
      timers.startTimerWithFixedDelay(Poll.INSTANCE, Duration.ZERO, poll);
      return new State(context, models, registry, spec, blocking, servingSince.orElse(null)).behavior();
    }));
  }

  private static final class State {
    private final ActorContext<Command> context;
    private final ServingModels models;
    private final ModelRegistryRepository registry;
    private final FeatureSpec spec;
    private final Executor blocking;
    private final Set<Slot> loading = new HashSet<>();
    /**
     * Versions trained with another feature spec (before an upgrade changed the features): they can
     * never load on this node, so they are not read again at every poll; the node keeps serving what
     * it has until a model of its own spec is promoted.
     */
    private final Set<String> incompatible = ConcurrentHashMap.newKeySet();
    private String champion;
    private String challenger;

    State(ActorContext<Command> context, ServingModels models, ModelRegistryRepository registry, FeatureSpec spec,
          Executor blocking, String champion) {
      this.context = context;
      this.models = models;
      this.registry = registry;
      this.spec = spec;
      this.blocking = blocking;
      this.champion = champion;
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Published.class, published -> {
            reconcile();
            return Behaviors.same();
          })
          .onMessageEquals(Poll.INSTANCE, () -> {
            reconcile();
            return Behaviors.same();
          })
          .onMessage(Loaded.class, this::onLoaded)
          .build();
    }

    /** Reads the registry's pointers off the actor thread, then loads whatever differs. */
    private void reconcile() {
      if (!loading.isEmpty()) {
        return; // a load is under way; the next poll or message looks again
      }
      loading.add(Slot.CHAMPION);
      if (models.challengerShare() > 0) {
        loading.add(Slot.CHALLENGER);
      }
      String servedChampion = champion;
      String servedChallenger = challenger;
      boolean withChallenger = models.challengerShare() > 0;
      ActorRef<Command> self = context.getSelf(); // the context is not for other threads
      CompletableFuture.runAsync(() -> {
        Optional<String> wanted = registry.champion().map(ChampionPointer::version);
        if (wanted.isPresent() && !wanted.get().equals(servedChampion) && !incompatible.contains(wanted.get())) {
          self.tell(load(Slot.CHAMPION, wanted.get()));
        } else {
          self.tell(new Loaded(Slot.CHAMPION, servedChampion, null, null));
        }
        if (withChallenger) {
          Optional<String> newest = registry.newestChallenger().filter(v -> !v.equals(wanted.orElse(null)));
          if (newest.isPresent() && !newest.get().equals(servedChallenger) && !incompatible.contains(newest.get())) {
            self.tell(load(Slot.CHALLENGER, newest.get()));
          } else {
            self.tell(new Loaded(Slot.CHALLENGER, servedChallenger, null, null));
          }
        }
      }, blocking).exceptionally(failure -> {
        self.tell(new Loaded(Slot.CHAMPION, servedChampion, null, failure));
        if (withChallenger) {
          self.tell(new Loaded(Slot.CHALLENGER, servedChallenger, null, failure));
        }
        return null;
      });
    }

    private Loaded load(Slot slot, String version) {
      try {
        ModelArtifact artifact = registry.loadArtifact(version)
            .orElseThrow(() -> new IllegalStateException("model " + version + " is not in the registry"));
        return new Loaded(slot, version, Rankers.load(artifact, spec), null);
      } catch (RuntimeException e) {
        return new Loaded(slot, version, null, e);
      }
    }

    private Behavior<Command> onLoaded(Loaded loaded) {
      loading.remove(loaded.slot());
      if (loaded.failure() instanceof IncompatibleModelException refused) {
        incompatible.add(loaded.version());
        context.getLog().warn("Not serving {} model {}, and not trying it again: {}", loaded.slot().name().toLowerCase(),
            loaded.version(), refused.getMessage());
        return Behaviors.same();
      }
      if (loaded.failure() != null) {
        context.getLog().warn("Could not load {} model {}; serving what is loaded, retrying at the next poll",
            loaded.slot().name().toLowerCase(), loaded.version(), loaded.failure());
        return Behaviors.same();
      }
      if (loaded.ranker() == null) {
        return Behaviors.same(); // nothing changed
      }
      if (loaded.slot() == Slot.CHAMPION) {
        models.champion().install(loaded.ranker());
        champion = loaded.version();
        if (loaded.version().equals(challenger)) {
          models.removeChallenger(); // promoted: its share is served by the champion now
          challenger = null;
        }
      } else {
        models.installChallenger(loaded.ranker());
        challenger = loaded.version();
        context.getLog().info("Serving challenger {} to {} of users", challenger, models.challengerShare());
      }
      return Behaviors.same();
    }
  }
}
