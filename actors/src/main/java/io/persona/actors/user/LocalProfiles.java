package io.persona.actors.user;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.persona.models.profile.UserProfile;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The profiles of the user entities this node hosts, as each last published it: a read of a local
 * user's profile without the sharding hops and the entity's mailbox. The entity stays the only
 * writer: it publishes its profile once recovered and after each persist (before it acknowledges
 * the events or announces them, so an acknowledged event is visible here), and withdraws it when
 * it stops, restarts after a failed journal write, or holds still for a deletion. A user whose entity lives on another node, or has not
 * started, is not here: the reader asks the entity.
 *
 * <p>A read here never reaches the entity, so sharding would take a user read every second but
 * never acting for idle and passivate it: a reader is told to keep the entity alive once per
 * {@link #keepAliveEvery} of reads (a fire-and-forget message, off the read's path).
 *
 * <p>Profiles are immutable, so handing the same instance to many readers is safe; the map costs
 * one small entry per live local entity and nothing per passivated user.
 */
public final class LocalProfiles implements Extension {
  /** Where the user entities' idle timeout is set (persona-node.conf); absent in some test configs. */
  static final String IDLE_TIMEOUT = "pekko.cluster.sharding.passivation.persona-users.idle-entity.timeout";
  private static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

  private static final ExtensionId<LocalProfiles> ID = new ExtensionId<>() {
    @Override
    public LocalProfiles createExtension(ActorSystem<?> system) {
      return new LocalProfiles(keepAliveEvery(idleTimeout(system.settings().config())), System::nanoTime);
    }
  };

  /** A published profile, and when a reader last told its entity it is in use. */
  private static final class Entry {
    final UserProfile profile;
    volatile long keptAliveAt;

    Entry(UserProfile profile, long now) {
      this.profile = profile;
      this.keptAliveAt = now;
    }
  }

  private final ConcurrentHashMap<String, Entry> profiles = new ConcurrentHashMap<>();
  private final long keepAliveEveryNanos;
  private final LongSupplier nanoClock;

  /** @param nanoClock {@link System#nanoTime()}, or a test's clock */
  LocalProfiles(Duration keepAliveEvery, LongSupplier nanoClock) {
    this.keepAliveEveryNanos = keepAliveEvery.toNanos();
    this.nanoClock = nanoClock;
  }

  /**
   * The user entities' idle timeout, or null where it is not set or is "off" / "none" (Pekko's words
   * for no idle timeout): then entities are kept alive as often as {@link #DEFAULT_KEEP_ALIVE}, which
   * costs nothing an idle timeout would use.
   */
  static Duration idleTimeout(Config config) {
    if (!config.hasPath(IDLE_TIMEOUT)) {
      return null;
    }
    try {
      return config.getDuration(IDLE_TIMEOUT);
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      return null;
    }
  }

  public static LocalProfiles get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /** A quarter of the idle timeout, at most 30 s: a user read all the time is never idle. */
  static Duration keepAliveEvery(Duration idleTimeout) {
    if (idleTimeout == null || idleTimeout.isZero() || idleTimeout.isNegative()) {
      return DEFAULT_KEEP_ALIVE;
    }
    Duration quarter = idleTimeout.dividedBy(4);
    return quarter.compareTo(DEFAULT_KEEP_ALIVE) < 0 ? quarter : DEFAULT_KEEP_ALIVE;
  }

  /**
   * The profile the user's entity on this node last published, or null when it has none here. When
   * the entity was last published to or kept alive longer than {@link #keepAliveEvery} ago, {@code
   * keepAlive} is called with the user id (by one of the readers that see it due).
   */
  public UserProfile read(String userId, Consumer<String> keepAlive) {
    Entry entry = profiles.get(userId);
    if (entry == null) {
      return null;
    }
    long now = nanoClock.getAsLong();
    long last = entry.keptAliveAt;
    if (now - last >= keepAliveEveryNanos) {
      entry.keptAliveAt = now; // a race lets two readers both tell: harmless
      keepAlive.accept(userId);
    }
    return entry.profile;
  }

  /** The profile published for {@code userId}, without counting as a read (tests). */
  UserProfile published(String userId) {
    Entry entry = profiles.get(userId);
    return entry == null ? null : entry.profile;
  }

  /** The entity acted (recovered, or persisted events): that is use too. */
  void publish(String userId, UserProfile profile) {
    profiles.put(userId, new Entry(profile, nanoClock.getAsLong()));
  }

  /**
   * Removes {@code userId}'s profile if it is still {@code published} (the same instance): a later
   * incarnation's profile is never withdrawn by an earlier one's stop.
   */
  void withdraw(String userId, UserProfile published) {
    if (published != null) {
      profiles.computeIfPresent(userId, (id, current) -> current.profile == published ? null : current);
    }
  }
}
