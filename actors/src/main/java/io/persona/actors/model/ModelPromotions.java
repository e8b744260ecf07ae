package io.persona.actors.model;

import io.persona.persistence.registry.ChampionPointer;
import io.persona.persistence.registry.ModelRegistryRepository;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;

import java.util.Optional;

/**
 * The one path by which a model becomes the champion, whoever decides it (the trainer's gate or an
 * operator): the registry is written first, then every node is told, so a node that misses the
 * message still finds the new champion at its next registry poll.
 */
public final class ModelPromotions {
  private final ModelRegistryRepository registry;
  private final ActorRef<Topic.Command<ModelPublished>> topic;

  public ModelPromotions(ModelRegistryRepository registry, ActorRef<Topic.Command<ModelPublished>> topic) {
    this.registry = registry;
    this.topic = topic;
  }

  /** Makes a registered version the champion; answers the previous champion. Blocking. */
  public Optional<String> promote(String version, String reason) {
    Optional<String> previous = registry.champion().map(ChampionPointer::version);
    registry.promote(version, reason);
    topic.tell(Topic.publish(new ModelPublished.Promoted(version)));
    return previous;
  }

  /** Tells every node that a new challenger was registered (served to the A/B share). */
  public void challengerChanged(String version) {
    topic.tell(Topic.publish(new ModelPublished.ChallengerChanged(version)));
  }
}
