package io.persona.models.features;

import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.UserProfile;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The user side of one scoring request: the live profile and the user's embedding (null if none
 * yet).
 *
 * @param lastInteractions each item of the profile's recent history to its newest entry, derived
 *                         from the profile once per request: the user × item features look every
 *                         candidate up in it instead of scanning the history per candidate
 */
public record UserInput(UserProfile profile, float[] embedding, Map<String, HistoryEntry> lastInteractions) {

  public UserInput {
    Objects.requireNonNull(profile, "profile");
    Map<String, HistoryEntry> newest = new HashMap<>();
    for (HistoryEntry entry : profile.recentHistory()) { // newest first
      newest.putIfAbsent(entry.itemId(), entry);
    }
    lastInteractions = Map.copyOf(newest);
  }

  public UserInput(UserProfile profile, float[] embedding) {
    this(profile, embedding, null);
  }

  /** The newest entry of the recent history with {@code itemId}, or null. */
  public HistoryEntry lastInteraction(String itemId) {
    return lastInteractions.get(itemId);
  }
}
