package io.persona.actors.user;

import io.persona.models.profile.UserProfile;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The profiles of the user entities this node hosts, as each last published it: a read of a local
 * user's profile without the sharding hops and the entity's mailbox. The entity stays the only
 * writer: it publishes its profile once recovered and after each persist (before it acknowledges
 * the events or announces them, so an acknowledged event is visible here), and withdraws it when
 * it stops or holds still for a deletion. A user whose entity lives on another node, or has not
 * started, is not here: the reader asks the entity.
 *
 * <p>Profiles are immutable, so handing the same instance to many readers is safe; the map costs
 * one entry per live local entity and nothing per passivated user.
 */
public final class LocalProfiles implements Extension {
  private static final ExtensionId<LocalProfiles> ID = new ExtensionId<>() {
    @Override
    public LocalProfiles createExtension(ActorSystem<?> system) {
      return new LocalProfiles();
    }
  };

  private final ConcurrentHashMap<String, UserProfile> profiles = new ConcurrentHashMap<>();

  LocalProfiles() {}

  public static LocalProfiles get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /** The profile the user's entity on this node last published, or null when it has none here. */
  public UserProfile get(String userId) {
    return profiles.get(userId);
  }

  /** How many local entities have published a profile. */
  public int size() {
    return profiles.size();
  }

  void publish(String userId, UserProfile profile) {
    profiles.put(userId, profile);
  }

  /**
   * Removes {@code userId}'s profile if it is still {@code published} (the same instance): a later
   * incarnation's profile is never withdrawn by an earlier one's stop.
   */
  void withdraw(String userId, UserProfile published) {
    if (published != null) {
      profiles.computeIfPresent(userId, (id, current) -> current == published ? null : current);
    }
  }
}
