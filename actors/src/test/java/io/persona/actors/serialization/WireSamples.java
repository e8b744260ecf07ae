package io.persona.actors.serialization;

import io.persona.actors.activity.Activity;
import io.persona.actors.catalog.CatalogChanged;
import io.persona.actors.model.ModelPublished;
import io.persona.actors.user.RecentEventIds;
import io.persona.actors.user.UserEntity.Accepted;
import io.persona.actors.user.UserEntity.Duplicate;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.GetProfile;
import io.persona.actors.user.UserEntity.ProfileSnapshot;
import io.persona.actors.user.UserEntity.RecordEvent;
import io.persona.actors.user.UserEntity.RecordEvents;
import io.persona.actors.user.UserEntity.RecordResults;
import io.persona.actors.user.UserEntity.Rejected;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.catalog.Item;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.DecayedScores;
import io.persona.models.profile.HistoryEntries;
import io.persona.models.profile.InteractedItems;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import org.apache.pekko.actor.typed.ActorRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Realistic instances of every class that leaves a node through the Kryo serializer: messages,
 * journal events, snapshots, and every class of the registration table (the JDK and model types
 * they contain). The one source of samples for the serializer tests of this module and for the
 * cross-module test that enumerates every class (tests/, KryoEveryClassTest), so a new wire class
 * gets its samples here once.
 *
 * <p>Profiles are built by {@link UserProfile#apply} rather than by hand, so the collections inside
 * are the runtime classes the entity really produces (ListN, List12, MapN, Map1).
 */
public final class WireSamples {
  public static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");
  private static final ProfileSettings POLICY = ProfileSettings.defaults();

  private WireSamples() {}

  // ---- values inside messages ----

  /** A rating with every optional field set and a three-entry context (MapN). */
  public static UserEvent richEvent(String eventId) {
    return new UserEvent(eventId, "u1", "rating", "item-1", T0.plusNanos(123_456_789), 4.5, "req-42",
        Map.of("device", "mobile", "page", "pdp", "locale", "de-CH"));
  }

  /** A view with every optional field absent (null value and request id, empty context). */
  public static UserEvent bareEvent(String eventId) {
    return new UserEvent(eventId, "u1", "view", "item-2", T0, null, null, Map.of());
  }

  /** A profile with history, several event types, item and category affinities (MapN, ListN). */
  public static UserProfile richProfile() {
    return UserProfile.empty("u1")
        .apply(bareEvent("e1"), "shoes", POLICY)
        .apply(new UserEvent("e2", "u1", "click", "item-3", T0.plusSeconds(60), null, "req-1",
            Map.of("device", "web")), "hats", POLICY)
        .apply(richEvent("e3"), "shoes", POLICY)
        .apply(new UserEvent("e4", "u1", "purchase", "item-3", T0.plusSeconds(3600), 19.99, null,
            Map.of()), "hats", POLICY)
        .apply(new UserEvent("e5", "u1", "wishlist", "item-4", T0.minusSeconds(3600), null, null,
            Map.of()), null, POLICY);
  }

  /**
   * A profile whose item affinities (2 at most) dropped items: they are held apart as hashes, and its
   * history holds a timestamp with nanoseconds.
   */
  public static UserProfile crowdedProfile() {
    ProfileSettings twoItems = new ProfileSettings(POLICY.weights(), POLICY.defaultWeight(), POLICY.ratingNeutral(),
        POLICY.halfLife(), POLICY.historySize(), 2, 2);
    UserProfile profile = UserProfile.empty("u2");
    for (int i = 0; i < 5; i++) {
      profile = profile.apply(new UserEvent("c" + i, "u2", "view", "item-" + i, T0.plusNanos(1_000_000_123L * i),
          null, null, Map.of()), "cat-" + i, twoItems);
    }
    return profile;
  }

  /** One event: single-entry maps and a one-element history (Map1, List12). */
  public static UserProfile singleEventProfile() {
    return UserProfile.empty("u1").apply(richEvent("e1"), "shoes", POLICY);
  }

  /** A full dedup ring that has wrapped: capacity 3 after five events, holding e3, e4, e5. */
  public static RecentEventIds wrappedRecentEventIds() {
    RecentEventIds recent = RecentEventIds.withCapacity(3);
    for (int i = 1; i <= 5; i++) {
      recent = recent.plus("e" + i, richEvent("e" + i).contentFingerprint());
    }
    return recent;
  }

  public static Item richItem() {
    return new Item("sku-1", "Red shoes", "shoes", List.of("red", "sale"), Map.of("brand", "x", "size", "42"), true, T0);
  }

  // ---- the wire classes ----

  /**
   * Samples of every {@link KryoSerializable} class of this module, by class. {@code replyTo}
   * stands in for every reply reference; it must belong to the system that deserializes.
   */
  public static Map<Class<?>, List<?>> messages(ActorRef<Object> replyTo) {
    Map<Class<?>, List<?>> samples = new LinkedHashMap<>();
    samples.put(RecordEvent.class, List.of(
        new RecordEvent(richEvent("e1"), "shoes", replyTo.narrow()),
        new RecordEvent(bareEvent("e2"), null, replyTo.narrow()),
        new RecordEvent(new UserEvent("e3", "u1", "purchase", "item-1", T0, 0.0, "r", Map.of("k", "v")), "",
            replyTo.narrow())));
    samples.put(RecordEvents.class, List.of(
        new RecordEvents(List.of(richEvent("e1"), bareEvent("e2"), richEvent("e3")),
            Map.of("item-1", "shoes", "item-2", "Home & Garden"), replyTo.narrow()),
        new RecordEvents(List.of(bareEvent("e4")), Map.of("item-2", "hats"), replyTo.narrow()),
        new RecordEvents(List.of(), Map.of(), replyTo.narrow())));
    samples.put(RecordResults.class, List.of(
        new RecordResults(List.of(new Accepted("e1"), new Duplicate("e2"),
            new Rejected("e3", "eventId was already used for a different event"))),
        new RecordResults(List.of(new Accepted("e1"))), new RecordResults(List.of())));
    samples.put(GetProfile.class, List.of(new GetProfile(replyTo.narrow())));
    samples.put(io.persona.actors.user.UserEntity.KeepAlive.class,
        List.of(new io.persona.actors.user.UserEntity.KeepAlive()));
    samples.put(io.persona.actors.user.UserEntity.HoldForDeletion.class,
        List.of(new io.persona.actors.user.UserEntity.HoldForDeletion(T0, replyTo.narrow())));
    samples.put(io.persona.actors.user.UserEntity.Holding.class,
        List.of(new io.persona.actors.user.UserEntity.Holding("Zoë|42")));
    samples.put(io.persona.actors.user.UserEntity.Deleted.class,
        List.of(new io.persona.actors.user.UserEntity.Deleted(replyTo.narrow())));
    samples.put(Accepted.class, List.of(new Accepted("e1")));
    samples.put(Duplicate.class, List.of(new Duplicate("e-ü-\u00e9")));
    samples.put(Rejected.class, List.of(
        new Rejected("e1", "eventId was already used for a different event"), new Rejected("", "")));
    samples.put(ProfileSnapshot.class, List.of(
        new ProfileSnapshot(richProfile()), new ProfileSnapshot(singleEventProfile()),
        new ProfileSnapshot(UserProfile.empty("u1"))));
    samples.put(EventRecorded.class, List.of(
        new EventRecorded(richEvent("e1"), "shoes"),
        new EventRecorded(bareEvent("e2"), null),
        new EventRecorded(new UserEvent("e3", "u1", "rating", "i", T0, -1.5, null, Map.of("a", "b")), "c")));
    samples.put(State.class, List.of(
        new State(richProfile(), wrappedRecentEventIds()),
        new State(singleEventProfile(), RecentEventIds.withCapacity(500).plus("e1", 0L)),
        new State(UserProfile.empty("u1"), RecentEventIds.withCapacity(1))));
    samples.put(Activity.UserActed.class, List.of(
        new Activity.UserActed("u1", "click", "item-2", "shoes", T0, "req-1",
            List.of(new HistoryEntry("item-1", "view", null, T0.minusSeconds(5)),
                new HistoryEntry("item-0", "view", "hats", T0.minusSeconds(9)))),
        new Activity.UserActed("u1", "view", "item-2", null, T0, null, List.of())));
    samples.put(Activity.ItemsShown.class, List.of(
        new Activity.ItemsShown(List.of("a", "b", "c")), new Activity.ItemsShown(List.of("a"))));
    samples.put(CatalogChanged.class, List.of(
        new CatalogChanged(List.of(richItem(), new Item("sku-2", null, "hats", null, null, false, T0.plusSeconds(1))),
            Map.of("sku-1", new float[] {0.5f, -1f, Float.MIN_VALUE}, "sku-2", new float[0])),
        new CatalogChanged(List.of(), Map.of()),
        CatalogChanged.removal(List.of("sku-1", "Zoë's item"))));
    samples.put(ModelPublished.Promoted.class, List.of(new ModelPublished.Promoted("dcn-v2-20261121-101500-000")));
    samples.put(ModelPublished.ChallengerChanged.class, List.of(new ModelPublished.ChallengerChanged("dcn-v2-x")));
    return samples;
  }

  /**
   * Samples of every class in the shipped registration table that is not itself a message: each
   * sample's runtime class is exactly the registered one (List.of("a") is a List12, not a ListN).
   */
  public static Map<Class<?>, List<?>> registeredValues(ActorRef<Object> ref) {
    Map<Class<?>, List<?>> samples = new LinkedHashMap<>();
    samples.put(ArrayList.class, List.of(new ArrayList<>(Arrays.asList("a", null, "c")), new ArrayList<>()));
    Map<String, Object> hashMap = new HashMap<>();
    hashMap.put("count", 3L);
    hashMap.put("missing", null);
    hashMap.put("nested", List.of("x", "y", "z"));
    samples.put(HashMap.class, List.of(hashMap, new HashMap<>()));
    samples.put(immutableClass(List.of(1, 2, 3)), List.of(List.of("a", "b", "c"), List.of()));
    samples.put(immutableClass(List.of(1)), List.of(List.of("a"), List.of("a", "b")));
    samples.put(immutableClass(Map.of(1, 1, 2, 2)), List.of(Map.of("a", 1L, "b", 2L, "c", 3L), Map.of()));
    samples.put(immutableClass(Map.of(1, 1)), List.of(Map.of("k", "v")));
    samples.put(immutableClass(Set.of(1, 2, 3)), List.of(Set.of("a", "b", "c"), Set.of()));
    samples.put(immutableClass(Set.of(1)), List.of(Set.of("a"), Set.of("a", "b")));
    samples.put(Instant.class, List.of(T0.plusNanos(123_456_789), Instant.EPOCH.minusNanos(1)));
    samples.put(Double.class, List.of(4.5, -0.0, Double.NaN));
    samples.put(Long.class, List.of(42L, Long.MIN_VALUE));
    samples.put(Optional.class, List.of(Optional.of("x"), Optional.empty()));
    samples.put(String[].class, List.of(new String[] {"a", null, "\u00e9"}, new String[0]));
    samples.put(long[].class, List.of(new long[] {Long.MIN_VALUE, 0, 1}));
    samples.put(String[][].class, List.of(new String[][] {{"a", "b"}, {}}, new String[0][]));
    samples.put(long[][].class, List.of(new long[][] {{1, -2}, {}}, new long[0][]));
    samples.put(float[].class, List.of(new float[] {0.5f, -1f, Float.MIN_VALUE, Float.NaN}));
    samples.put(ref.getClass(), List.of(ref));
    samples.put(UserEvent.class, List.of(richEvent("e1"), bareEvent("e2")));
    samples.put(UserProfile.class, List.of(richProfile(), crowdedProfile(), UserProfile.empty("u1")));
    samples.put(HistoryEntries.class, List.of(richProfile().recentHistory(), crowdedProfile().recentHistory(),
        HistoryEntries.EMPTY));
    samples.put(DecayedScores.class, List.of(richProfile().itemAffinities(), crowdedProfile().categoryAffinities(),
        DecayedScores.EMPTY));
    samples.put(HistoryEntry.class, List.of(new HistoryEntry("item-1", "view", null, T0)));
    samples.put(DecayedScore.class, List.copyOf(richProfile().itemAffinities().values()));
    samples.put(InteractedItems.class, List.of(richProfile().interactedItems(), InteractedItems.NONE));
    samples.put(Item.class, List.of(richItem()));
    samples.put(RecentEventIds.class, List.of(wrappedRecentEventIds(), RecentEventIds.withCapacity(2)));
    return samples;
  }

  /** Both maps: every class the shipped configuration sends through Kryo, by class. */
  public static Map<Class<?>, List<?>> all(ActorRef<Object> replyTo) {
    Map<Class<?>, List<?>> samples = new LinkedHashMap<>(messages(replyTo));
    samples.putAll(registeredValues(replyTo));
    return samples;
  }

  /** The JDK's immutable collections are private classes: name them by an instance. */
  private static Class<?> immutableClass(Object instance) {
    return instance.getClass();
  }
}
