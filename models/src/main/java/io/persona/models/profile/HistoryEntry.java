package io.persona.models.profile;

import java.time.Instant;

/**
 * One remembered interaction, newest first in {@link UserProfile#recentHistory()}. Its strings are
 * the shared instances ({@link SharedStrings}), however the entry was made: applied from an event
 * or read back from a snapshot.
 */
public record HistoryEntry(String itemId, String type, String category, Instant timestamp) {
  public HistoryEntry {
    itemId = SharedStrings.of(itemId);
    type = SharedStrings.of(type);
    category = SharedStrings.of(category);
  }
}
