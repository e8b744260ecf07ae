package io.persona.actors.user;

import io.persona.models.events.UserEvent;
import io.persona.models.profile.UserProfile;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one way to talk to user entities, wherever in the cluster they live: record an event, read
 * a profile. Callers never build sharding messages themselves, so the protocol can change in one
 * place.
 */
public final class Users {
  private final ClusterSharding sharding;
  private final LocalProfiles localProfiles;

  public Users(ActorSystem<?> system) {
    this.sharding = ClusterSharding.get(system);
    this.localProfiles = LocalProfiles.get(system);
  }

  /**
   * Asks the user's entity to record {@code event}; completes once it is persisted, recognised as
   * a duplicate or refused, or fails after {@code timeout} (the event may still be persisted).
   *
   * @param itemCategory the item's category now, or null if unknown
   */
  public CompletionStage<UserEntity.RecordResult> record(UserEvent event, String itemCategory, Duration timeout) {
    return sharding.entityRefFor(UserEntity.TYPE_KEY, event.userId())
        .ask(replyTo -> new UserEntity.RecordEvent(event, itemCategory, replyTo), timeout);
  }

  /**
   * Asks {@code userId}'s entity to record {@code events} (all of that user, in the order given)
   * with one persistAll; completes with one result per event, in order, or fails after
   * {@code timeout} (the events may still be persisted; a resend is answered as duplicates).
   *
   * @param itemCategories the category now of each item that has one
   */
  public CompletionStage<List<UserEntity.RecordResult>> recordAll(String userId, List<UserEvent> events,
                                                                  Map<String, String> itemCategories,
                                                                  Duration timeout) {
    return sharding.entityRefFor(UserEntity.TYPE_KEY, userId)
        .<UserEntity.RecordResults>ask(replyTo -> new UserEntity.RecordEvents(events, itemCategories, replyTo), timeout)
        .thenApply(UserEntity.RecordResults::results);
  }

  /**
   * The user's live profile; an empty one for a user without events. Where the user's entity runs
   * on this node, the profile it last published ({@link LocalProfiles}: it includes every event the
   * entity acknowledged); else the entity is asked, once more within {@code timeout} when the first
   * ask timed out ({@link AskAgain}: a shard hand-off).
   */
  public CompletionStage<UserProfile> profile(String userId, Duration timeout) {
    UserProfile local = localProfiles.read(userId, this::keepAlive);
    if (local != null) {
      UserTelemetry.profileReadLocally();
      return CompletableFuture.completedFuture(local);
    }
    UserTelemetry.profileAsked();
    EntityRef<UserEntity.Command> entity = sharding.entityRefFor(UserEntity.TYPE_KEY, userId);
    return AskAgain.onTimeout(timeout,
            attempt -> entity.<UserEntity.ProfileSnapshot>ask(UserEntity.GetProfile::new, attempt),
            UserTelemetry::profileAskedAgain)
        .thenApply(UserEntity.ProfileSnapshot::profile);
  }

  /** Tells the entity its profile is being read, so sharding does not passivate it as idle. */
  private void keepAlive(String userId) {
    sharding.entityRefFor(UserEntity.TYPE_KEY, userId).tell(new UserEntity.KeepAlive());
  }

  /**
   * Tells {@code userId}'s entity to hold still until {@code until} while its data is deleted:
   * nothing is persisted meanwhile. Completes when the entity holds.
   */
  public CompletionStage<UserEntity.Holding> holdForDeletion(String userId, Instant until, Duration timeout) {
    return sharding.entityRefFor(UserEntity.TYPE_KEY, userId)
        .ask(replyTo -> new UserEntity.HoldForDeletion(until, replyTo), timeout);
  }

  /** Tells {@code userId}'s entity that its journal is gone: it stops, and starts afresh on its next command. */
  public CompletionStage<UserEntity.Holding> deleted(String userId, Duration timeout) {
    return sharding.entityRefFor(UserEntity.TYPE_KEY, userId).ask(UserEntity.Deleted::new, timeout);
  }
}
