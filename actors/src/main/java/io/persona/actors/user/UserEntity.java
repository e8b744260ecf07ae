package io.persona.actors.user;

import io.persona.actors.activity.Activity;
import io.persona.actors.serialization.KryoSerializable;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.UserProfile;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One user: a sharded, event-sourced actor whose journal and snapshots live in Cassandra. Every
 * accepted event is persisted before it is acknowledged; a redelivered event id is answered
 * {@link Duplicate} and changes nothing.
 */
public final class UserEntity
    extends EventSourcedBehaviorWithEnforcedReplies<UserEntity.Command, UserEntity.Event, UserEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "User");

  // ---- protocol ----

  public sealed interface Command extends KryoSerializable
      permits RecordEvent, RecordEvents, GetProfile, KeepAlive, HoldForDeletion, Deleted {}

  /** Record {@code event}; {@code itemCategory} is the item's category now, or null if unknown. */
  public record RecordEvent(UserEvent event, String itemCategory, ActorRef<RecordResult> replyTo)
      implements Command {}

  /**
   * Record several events of this user at once (a history import): each is judged as
   * {@link RecordEvent} would judge it after the ones before it, and the new ones are persisted
   * with one {@code persistAll}, in the given order. Answered with one result per event, in order.
   *
   * @param itemCategories the category now of each item id that has one (items without a category
   *                       are absent)
   */
  public record RecordEvents(List<UserEvent> events, Map<String, String> itemCategories,
                             ActorRef<RecordResults> replyTo) implements Command {
    public RecordEvents {
      events = List.copyOf(events);
      itemCategories = Map.copyOf(itemCategories);
    }
  }

  public record GetProfile(ActorRef<ProfileSnapshot> replyTo) implements Command {}

  /**
   * The entity's profile was read from {@link LocalProfiles} without asking it: nothing to do, but
   * sharding counts the message as use (the idle timeout, the least-recently-used order), so a user
   * who is read but does not act is not passivated as idle. No reply.
   */
  public record KeepAlive() implements Command {}

  /**
   * The user's data is about to be deleted: until {@code until}, persist nothing, answer no event
   * (its producer times out and resends, and the resend lands after the deletion) and show an
   * empty profile. Past {@code until} without {@link Deleted}, the entity stops at its next event
   * or profile read and recovers from whatever the journal then holds: the deletion is retried.
   */
  public record HoldForDeletion(Instant until, ActorRef<Holding> replyTo) implements Command {}

  /** The entity holds still; its journal may be deleted now. */
  public record Holding(String userId) implements KryoSerializable {}

  /** The user's journal is deleted: stop, so the next command starts the user afresh. */
  public record Deleted(ActorRef<Holding> replyTo) implements Command {}

  /** The answer to {@link RecordEvents}: one result per event, in the command's order. */
  public record RecordResults(List<RecordResult> results) implements KryoSerializable {
    public RecordResults {
      results = List.copyOf(results);
    }
  }

  public sealed interface RecordResult extends KryoSerializable permits Accepted, Duplicate, Rejected {
    String eventId();
  }

  /** The event is persisted in the journal. */
  public record Accepted(String eventId) implements RecordResult {}

  /** The event id was recorded before with the same content; nothing changed. */
  public record Duplicate(String eventId) implements RecordResult {}

  /** The event was refused; nothing was persisted. */
  public record Rejected(String eventId, String reason) implements RecordResult {}

  public record ProfileSnapshot(UserProfile profile) implements KryoSerializable {}

  // ---- events and state ----

  public sealed interface Event extends KryoSerializable permits EventRecorded {}

  /** Version 1 of the one event: the user event plus the item category it was recorded with. */
  public record EventRecorded(UserEvent event, String itemCategory) implements Event {}

  public record State(UserProfile profile, RecentEventIds recentEventIds) implements KryoSerializable {}

  // ---- behaviour ----

  private final String userId;
  private final UserEntitySettings settings;
  private final ActorRef<Topic.Command<Activity>> activity;
  /** This node's view of its entities' profiles, or null (unit tests of the entity alone). */
  private final LocalProfiles localProfiles;
  /** The profile this incarnation last put in {@link #localProfiles}, or null. */
  private UserProfile published;
  /**
   * Set while a deletion of this user runs (never persisted: a new incarnation holds no more; a
   * restart after a journal failure keeps this object, and the hold with it).
   */
  private Instant holdUntil;

  private UserEntity(String userId, PersistenceId persistenceId, UserEntitySettings settings,
                     ActorRef<Topic.Command<Activity>> activity, LocalProfiles localProfiles) {
    super(persistenceId, SupervisorStrategy.restartWithBackoff(
        settings.backoffMin(), settings.backoffMax(), settings.backoffRandomFactor()));
    this.userId = userId;
    this.settings = settings;
    this.activity = activity;
    this.localProfiles = localProfiles;
  }

  /**
   * Registers the entity with sharding. Each persisted event is published to {@code activity}
   * (this node's instance of the cluster-wide activity topic) after it is persisted, and each
   * entity keeps its profile in this node's {@link LocalProfiles}.
   */
  public static void init(ActorSystem<?> system, UserEntitySettings settings,
                          ActorRef<Topic.Command<Activity>> activity) {
    LocalProfiles localProfiles = LocalProfiles.get(system);
    ClusterSharding.get(system).init(Entity.of(TYPE_KEY,
        context -> new UserEntity(context.getEntityId(), persistenceId(context.getEntityId()),
            settings, activity, localProfiles)));
  }

  /**
   * The user's journal key: {@code User|<userId>}. Pekko reserves {@code |} as the separator, and
   * user ids are free text, so {@code %} and {@code |} in an id are percent-encoded; ids of the
   * releases before free text never contained either, so their journals keep their key.
   */
  public static PersistenceId persistenceId(String userId) {
    return PersistenceId.of(TYPE_KEY.name(), userId.replace("%", "%25").replace("|", "%7C"));
  }

  /** An entity that publishes no activity and no local profile (unit tests of the entity's own behaviour). */
  public static Behavior<Command> create(String userId, UserEntitySettings settings) {
    return new UserEntity(userId, persistenceId(userId), settings, null, null);
  }

  /** An entity that publishes no activity and keeps its profile in {@code localProfiles} (unit tests). */
  static Behavior<Command> create(String userId, UserEntitySettings settings, LocalProfiles localProfiles) {
    return new UserEntity(userId, persistenceId(userId), settings, null, localProfiles);
  }

  @Override
  public State emptyState() {
    return new State(UserProfile.empty(userId), RecentEventIds.withCapacity(settings.dedupWindow()));
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(HoldForDeletion.class, (state, command) -> {
          holdUntil = command.until();
          withdrawProfile(); // readers ask the entity, which shows an empty profile while it holds
          return Effect().reply(command.replyTo(), new Holding(userId));
        })
        .onCommand(Deleted.class, (state, command) -> Effect().stop().thenReply(command.replyTo(),
            stopped -> new Holding(userId)))
        .onCommand(RecordEvent.class, (state, command) -> holding()
            ? heldStill() : onRecordEvent(state, command))
        .onCommand(RecordEvents.class, (state, command) -> holding()
            ? heldStill() : onRecordEvents(state, command))
        .onCommand(KeepAlive.class, (state, command) -> Effect().noReply())
        .onCommand(GetProfile.class, (state, command) -> holding() && Instant.now().isAfter(holdUntil)
            ? Effect().stop().thenNoReply() // the reader asks again and meets a fresh incarnation
            : Effect().reply(command.replyTo(),
                new ProfileSnapshot(holding() ? UserProfile.empty(userId) : state.profile())))
        .build();
  }

  private boolean holding() {
    return holdUntil != null;
  }

  /** While a deletion runs: no answer (the sender resends later); past the hold, stop and start over. */
  private ReplyEffect<Event, State> heldStill() {
    if (Instant.now().isAfter(holdUntil)) {
      return Effect().stop().thenNoReply();
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onRecordEvent(State state, RecordEvent command) {
    UserEvent event = command.event();
    if (!userId.equals(event.userId())) {
      return Effect().reply(command.replyTo(),
          new Rejected(event.eventId(), "event of user " + event.userId() + " sent to user " + userId));
    }
    OptionalLong seen = state.recentEventIds().fingerprintOf(event.eventId());
    if (seen.isPresent()) {
      RecordResult result = seen.getAsLong() == event.contentFingerprint()
          ? new Duplicate(event.eventId())
          : new Rejected(event.eventId(), "eventId was already used for a different event");
      return Effect().reply(command.replyTo(), result);
    }
    long started = System.nanoTime();
    List<HistoryEntry> before = state.profile().recentHistory();
    Activity.UserActed acted = new Activity.UserActed(userId, event.type(), event.itemId(), command.itemCategory(),
        event.timestamp(), event.requestId(),
        before.subList(0, Math.min(before.size(), settings.activityHistory())));
    return Effect()
        .persist(new EventRecorded(event, command.itemCategory()))
        .thenRun(newState -> {
          UserTelemetry.persisted(started);
          publishProfile(newState); // before the activity: a push recomputed on it reads the new profile
          publish(acted);
        })
        .thenReply(command.replyTo(), newState -> new Accepted(event.eventId()));
  }

  private ReplyEffect<Event, State> onRecordEvents(State state, RecordEvents command) {
    BatchPlan plan = BatchPlan.of(userId, state, command,
        Math.min(settings.activityHistory(), settings.profileSettings().historySize()));
    RecordResults results = new RecordResults(plan.results());
    if (plan.toPersist().isEmpty()) {
      return Effect().reply(command.replyTo(), results);
    }
    long started = System.nanoTime();
    return Effect()
        .persist(List.<Event>copyOf(plan.toPersist()))
        .thenRun(newState -> {
          UserTelemetry.persisted(started);
          publishProfile(newState);
          plan.activities().forEach(this::publish);
        })
        .thenReply(command.replyTo(), newState -> results);
  }

  private void publish(Activity.UserActed acted) {
    if (activity != null) {
      activity.tell(Topic.publish(acted));
    }
  }

  private void publishProfile(State state) {
    if (localProfiles != null) {
      published = state.profile();
      localProfiles.publish(userId, published);
    }
  }

  private void withdrawProfile() {
    if (localProfiles != null) {
      localProfiles.withdraw(userId, published);
      published = null;
    }
  }

  /**
   * The local profile is published once the entity has recovered (not while a deletion holds it: a
   * restart keeps this object, so a hold survives it) and withdrawn when it stops or restarts. A
   * restart after a journal failure waits out a backoff, and an entity stopped then (a hand-off
   * while Cassandra is away) never sees PostStop: without the withdrawal at PreRestart its last
   * profile would stay here, served and kept alive, after the user had moved on.
   */
  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (!holding()) {
            publishProfile(state);
          }
        })
        .onSignal(PreRestart.instance(), state -> withdrawProfile())
        .onSignal(PostStop.instance(), state -> withdrawProfile())
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(EventRecorded.class, (state, recorded) -> new State(
            state.profile().apply(recorded.event(), recorded.itemCategory(), settings.profileSettings()),
            state.recentEventIds()
                .resized(settings.dedupWindow())
                .plus(recorded.event().eventId(), recorded.event().contentFingerprint())))
        .build();
  }

  /** A state read back from a snapshot shares its profile's strings with every other profile, as one built by events does. */
  @Override
  public SnapshotAdapter<State> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(State state) {
        return state;
      }

      @Override
      public State fromJournal(Object stored) {
        State state = (State) stored;
        return new State(state.profile().withSharedKeys(), state.recentEventIds());
      }
    };
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    var criteria = RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots());
    return settings.journalRetention() == UserEntitySettings.JournalRetention.AFTER_SNAPSHOTS
        ? criteria.withDeleteEventsOnSnapshot() : criteria;
  }
}
