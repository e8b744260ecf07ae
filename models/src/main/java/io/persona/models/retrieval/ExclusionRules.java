package io.persona.models.retrieval;

import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.UserProfile;
import java.util.HashSet;
import java.util.Set;

/**
 * Which of a user's items must not be recommended to them again: those they had an event of one
 * of {@code eventTypes} with, e.g. {@code purchase} (no point recommending what was just bought).
 * Only the profile's recent history is consulted, so an exclusion lapses once the event has
 * dropped out of it.
 */
public record ExclusionRules(Set<String> eventTypes) {

  public ExclusionRules {
    eventTypes = Set.copyOf(eventTypes);
  }

  public Set<String> excludedItems(UserProfile profile) {
    if (eventTypes.isEmpty()) {
      return Set.of();
    }
    Set<String> excluded = new HashSet<>();
    for (HistoryEntry entry : profile.recentHistory()) {
      if (eventTypes.contains(entry.type())) {
        excluded.add(entry.itemId());
      }
    }
    return excluded;
  }
}
