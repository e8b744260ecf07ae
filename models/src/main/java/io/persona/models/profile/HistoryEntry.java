package io.persona.models.profile;

import java.time.Instant;

/** One remembered interaction, newest first in {@link UserProfile#recentHistory()}. */
public record HistoryEntry(String itemId, String type, String category, Instant timestamp) {}
