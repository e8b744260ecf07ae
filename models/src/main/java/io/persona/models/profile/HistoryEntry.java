package io.persona.models.profile;

import java.time.Instant;

/**
 * One remembered interaction, newest first in {@link UserProfile#recentHistory()}. A profile holds
 * its history as {@link HistoryEntries}, which keeps the shared instance of each string
 * ({@link SharedStrings}) however the entry was made: applied from an event or read back from a
 * snapshot.
 */
public record HistoryEntry(String itemId, String type, String category, Instant timestamp) {}
