package io.persona.models.profile;

import io.persona.models.events.EventTypes;
import io.persona.models.events.UserEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Persona knows about one user, rebuilt from the user's events. Immutable: {@link #apply}
 * returns a new profile, so a snapshot being serialized never sees a half-applied event.
 *
 * @param recentHistory      newest first, at most {@link ProfileSettings#historySize()}
 * @param eventCounts        events seen per type
 * @param itemAffinities     time-decayed interest per item
 * @param categoryAffinities time-decayed interest per item category
 * @param lastActivity       timestamp of the newest event, null before the first
 * @param interactedItems    every item the user had an event with (null: what the affinities and the
 *                           history hold, as for a profile stored before this field existed)
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
   * Own event types counted per user (the built-in ones always are). Producers may name their own types, so without a bound a client
   * could grow one profile (and its snapshots) with every name it makes up. The built-in types are
   * always counted; an own type past the bound is still recorded, just not counted.
   */
  public static final int MAX_EVENT_TYPES = 32;

  public UserProfile {
    recentHistory = List.copyOf(recentHistory);
    eventCounts = Map.copyOf(eventCounts);
    itemAffinities = Map.copyOf(itemAffinities);
    categoryAffinities = Map.copyOf(categoryAffinities);
    if (interactedItems == null) {
      Set<String> known = new HashSet<>(itemAffinities.keySet());
      recentHistory.forEach(entry -> known.add(entry.itemId()));
      interactedItems = InteractedItems.of(known);
    }
  }

  /** A profile whose interacted items are what its affinities and history hold. */
  public UserProfile(String userId, List<HistoryEntry> recentHistory, Map<String, Long> eventCounts,
                     Map<String, DecayedScore> itemAffinities, Map<String, DecayedScore> categoryAffinities,
                     Instant lastActivity, long totalEvents) {
    this(userId, recentHistory, eventCounts, itemAffinities, categoryAffinities, lastActivity, totalEvents, null);
  }

  public static UserProfile empty(String userId) {
    return new UserProfile(userId, List.of(), Map.of(), Map.of(), Map.of(), null, 0, InteractedItems.NONE);
  }

  /**
   * The same profile with the shared instance of every map key ({@link SharedStrings}), for a
   * profile read back from a snapshot: its history entries share theirs already, but its maps hold
   * the strings the reader made. Once per recovery; {@link #apply} keeps keys as they are.
   */
  public UserProfile withSharedKeys() {
    return new UserProfile(userId, recentHistory, sharedKeys(eventCounts), sharedKeys(itemAffinities),
        sharedKeys(categoryAffinities), lastActivity, totalEvents, interactedItems);
  }

  private static <V> Map<String, V> sharedKeys(Map<String, V> map) {
    Map<String, V> shared = new HashMap<>(map.size() * 2);
    map.forEach((key, value) -> shared.put(SharedStrings.of(key), value));
    return shared;
  }

  /** Whether the user ever had an event with {@code itemId} (as far as this profile knows, see the field). */
  public boolean hasInteractedWith(String itemId) {
    return interactedItems.contains(itemId) || itemAffinities.containsKey(itemId);
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

    // Sort before trimming: a late event must not push out an entry newer than itself.
    HistoryEntry entry = new HistoryEntry(event.itemId(), event.type(), itemCategory, event.timestamp());
    List<HistoryEntry> history = new ArrayList<>(recentHistory.size() + 1);
    history.add(entry);
    history.addAll(recentHistory);
    history.sort(Comparator.comparing(HistoryEntry::timestamp).reversed());
    if (history.size() > profileSettings.historySize()) {
      history = history.subList(0, profileSettings.historySize());
    }

    Map<String, Long> counts = eventCounts;
    if (counts.containsKey(event.type()) || EventTypes.KNOWN.contains(event.type())
        || ownTypes(counts) < MAX_EVENT_TYPES) {
      counts = new HashMap<>(eventCounts);
      counts.merge(entry.type(), 1L, Long::sum); // the entry's strings are the shared instances
    }

    Map<String, DecayedScore> items =
        bump(itemAffinities, entry.itemId(), weight, at, halfLife, profileSettings.maxItemAffinities());
    Map<String, DecayedScore> categories = itemCategory == null
        ? categoryAffinities
        : bump(categoryAffinities, entry.category(), weight, at, halfLife, profileSettings.maxCategoryAffinities());

    Instant last = lastActivity == null || event.timestamp().isAfter(lastActivity) ? event.timestamp() : lastActivity;
    return new UserProfile(userId, history, counts, items, categories, last, totalEvents + 1,
        interactedItems.with(event.itemId()));
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

  private static Map<String, DecayedScore> bump(
      Map<String, DecayedScore> scores, String key, double amount, long at, long halfLife, int capacity) {
    Map<String, DecayedScore> next = new HashMap<>(scores);
    next.merge(key, new DecayedScore(amount, at), (old, fresh) -> old.plus(amount, at, halfLife));
    if (next.size() > capacity) {
      // Drop the weakest other key, compared at this event's time so the choice is replayable.
      next.entrySet().stream()
          .filter(e -> !e.getKey().equals(key))
          .min(Comparator.comparingDouble(e -> e.getValue().valueAt(at, halfLife)))
          .ifPresent(weakest -> next.remove(weakest.getKey()));
    }
    return next;
  }
}
