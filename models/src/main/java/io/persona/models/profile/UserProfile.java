package io.persona.models.profile;

import io.persona.models.events.EventTypes;
import io.persona.models.events.UserEvent;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Persona knows about one user, rebuilt from the user's events. Immutable: {@link #apply}
 * returns a new profile, so a snapshot being serialized never sees a half-applied event. Its history
 * and affinities are held in compact columns ({@link HistoryEntries}, {@link DecayedScores}: the
 * heap per user of issue 16) behind the usual List and Map; the snapshot stores them as plain JDK
 * collections, as it always did.
 *
 * @param recentHistory      newest first, at most {@link ProfileSettings#historySize()}
 * @param eventCounts        events seen per type
 * @param itemAffinities     time-decayed interest per item
 * @param categoryAffinities time-decayed interest per item category
 * @param lastActivity       timestamp of the newest event, null before the first
 * @param interactedItems    with the item affinities, every item the user had an event with: the
 *                           items the affinities dropped at their capacity, so that an item's hash
 *                           is not held twice (a snapshot stores every item, see
 *                           {@link #everyInteractedItem}; null: the history's items that the
 *                           affinities lack, as for a profile stored before this field existed)
 */
public record UserProfile(
    String userId,
    List<HistoryEntry> recentHistory,
    Map<String, Long> eventCounts,
    Map<String, DecayedScore> itemAffinities,
    Map<String, DecayedScore> categoryAffinities,
    Instant lastActivity,
    long totalEvents,
    InteractedItems interactedItems) {
  /**
   * Own event types counted per user by default ({@code persona.users.profile.max-own-event-types};
   * the built-in ones always are). Producers may name their own types, so without a bound a client
   * could grow one profile (and its snapshots) with every name it makes up. An own type past the
   * bound is still recorded, just not counted.
   */
  public static final int MAX_EVENT_TYPES = 32;

  public UserProfile {
    recentHistory = HistoryEntries.of(recentHistory);
    eventCounts = Map.copyOf(eventCounts);
    itemAffinities = DecayedScores.of(itemAffinities);
    categoryAffinities = DecayedScores.of(categoryAffinities);
    if (interactedItems == null) {
      Set<String> dropped = new HashSet<>();
      for (HistoryEntry entry : recentHistory) {
        if (!itemAffinities.containsKey(entry.itemId())) {
          dropped.add(entry.itemId());
        }
      }
      interactedItems = InteractedItems.of(dropped);
    }
  }

  /** A profile whose interacted items are what its affinities and history hold. */
  public UserProfile(String userId, List<HistoryEntry> recentHistory, Map<String, Long> eventCounts,
                     Map<String, DecayedScore> itemAffinities, Map<String, DecayedScore> categoryAffinities,
                     Instant lastActivity, long totalEvents) {
    this(userId, recentHistory, eventCounts, itemAffinities, categoryAffinities, lastActivity, totalEvents, null);
  }

  public static UserProfile empty(String userId) {
    return new UserProfile(userId, HistoryEntries.EMPTY, Map.of(), DecayedScores.EMPTY, DecayedScores.EMPTY, null, 0,
        InteractedItems.NONE);
  }

  /**
   * The same profile with the shared instance of every event type it counts ({@link SharedStrings}),
   * for a profile read back from a snapshot: its history and affinities take the shared instances
   * as they are built, but its counts hold the strings the reader made. Once per recovery;
   * {@link #apply} keeps keys as they are.
   */
  public UserProfile withSharedKeys() {
    return new UserProfile(userId, recentHistory, sharedKeys(eventCounts), itemAffinities, categoryAffinities,
        lastActivity, totalEvents, interactedItems);
  }

  private static <V> Map<String, V> sharedKeys(Map<String, V> map) {
    Map<String, V> shared = new HashMap<>(map.size() * 2);
    map.forEach((key, value) -> shared.put(SharedStrings.of(key), value));
    return shared;
  }

  /** Whether the user ever had an event with {@code itemId} (as far as this profile knows, see the field). */
  public boolean hasInteractedWith(String itemId) {
    return itemAffinities.containsKey(itemId) || interactedItems.contains(itemId);
  }

  /** How many items the user had an event with (at most twice that for a profile not yet {@link #withInteractedItemsApart}). */
  public int interactedCount() {
    return itemAffinities.size() + interactedItems.size();
  }

  /** Every item the user had an event with, as one set: what a snapshot stores. */
  public InteractedItems everyInteractedItem() {
    return interactedItems.withAll(itemAffinities.keySet());
  }

  /**
   * The same profile holding apart only the items its affinities lack: for a profile read back
   * from a snapshot, which stores every item. Once per recovery; {@link #apply} keeps it so.
   */
  public UserProfile withInteractedItemsApart() {
    InteractedItems apart = keptApartBeside(interactedItems.withoutAll(itemAffinities.keySet()), itemAffinities);
    return apart == interactedItems ? this : new UserProfile(userId, recentHistory, eventCounts, itemAffinities,
        categoryAffinities, lastActivity, totalEvents, apart);
  }

  /**
   * The profile after {@code event}. {@code itemCategory} is the item's category when the event
   * was recorded (null if the item was unknown); it travels with the persisted event so that
   * replay does not depend on today's catalog.
   */
  public UserProfile apply(UserEvent event, String itemCategory, ProfileSettings profileSettings) {
    long at = event.timestamp().toEpochMilli();
    long halfLife = profileSettings.halfLife().toMillis();
    double weight = profileSettings.weightOf(event.type(), event.value());

    // the shared strings, looked up once here for the history, the counts and the affinities
    HistoryEntry entry = new HistoryEntry(SharedStrings.of(event.itemId()), SharedStrings.of(event.type()),
        SharedStrings.of(itemCategory), event.timestamp());
    // In time order: a late event must not push out an entry newer than itself.
    HistoryEntries history = ((HistoryEntries) recentHistory).with(entry, profileSettings.historySize());

    Map<String, Long> counts = eventCounts;
    if (counts.containsKey(event.type()) || EventTypes.KNOWN.contains(event.type())
        || ownTypes(counts) < profileSettings.maxOwnEventTypes()) {
      counts = new HashMap<>(eventCounts);
      counts.merge(entry.type(), 1L, Long::sum); // the entry's strings are the shared instances
    }

    // Past the capacity, the weakest other key at this event's time goes, so the choice is replayable.
    DecayedScores items = ((DecayedScores) itemAffinities)
        .plus(entry.itemId(), weight, at, halfLife, profileSettings.maxItemAffinities());
    DecayedScores categories = itemCategory == null
        ? (DecayedScores) categoryAffinities
        : ((DecayedScores) categoryAffinities)
            .plus(entry.category(), weight, at, halfLife, profileSettings.maxCategoryAffinities());

    // The affinities hold every item until one is dropped at their capacity: only that one is kept
    // apart (8 bytes an item, not twice for every item: issue 16, heap per user), and an item that
    // comes back to the affinities leaves the set.
    DecayedScores before = (DecayedScores) itemAffinities;
    InteractedItems interacted = interactedItems.without(entry.itemId());
    boolean dropped = items.size() < before.size() + (before.containsKey(entry.itemId()) ? 0 : 1);
    if (dropped) {
      interacted = interacted.with(before.firstKeyMissingFrom(items));
    }
    interacted = keptApartBeside(interacted, items);

    Instant last = lastActivity == null || event.timestamp().isAfter(lastActivity) ? event.timestamp() : lastActivity;
    return new UserProfile(userId, history, counts, items, categories, last, totalEvents + 1, interacted);
  }

  /**
   * {@code apart} cut so that with the affinities it names at most {@link InteractedItems#CAPACITY}
   * items (its smallest hashes kept): then the set of every item a snapshot stores is never cut, and
   * a profile read back is the one written.
   */
  private static InteractedItems keptApartBeside(InteractedItems apart, Map<String, DecayedScore> affinities) {
    return apart.atMost(Math.max(0, InteractedItems.CAPACITY - affinities.size()));
  }

  private static int ownTypes(Map<String, Long> counts) {
    int own = 0;
    for (String type : counts.keySet()) {
      if (!EventTypes.KNOWN.contains(type)) {
        own++;
      }
    }
    return own;
  }

  /** Highest decayed affinities at {@code now}, strongest first. */
  public static List<Map.Entry<String, Double>> top(
      Map<String, DecayedScore> scores, Instant now, ProfileSettings profileSettings, int limit) {
    long nowMillis = now.toEpochMilli();
    long halfLife = profileSettings.halfLife().toMillis();
    return scores.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue().valueAt(nowMillis, halfLife)))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(limit)
        .toList();
  }
}
