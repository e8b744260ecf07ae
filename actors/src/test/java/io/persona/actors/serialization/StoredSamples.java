package io.persona.actors.serialization;

import io.persona.actors.user.RecentEventIds;
import io.persona.actors.user.UserEntity.EventRecorded;
import io.persona.actors.user.UserEntity.State;
import io.persona.models.events.UserEvent;
import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.UserProfile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The journal events and snapshots whose stored bytes are checked in under
 * {@code src/test/resources/formats/}: what the bytes must read back as. Every value is written out
 * literally (no {@link UserProfile#apply}, no policy, no other fixture) so the expectation of bytes
 * written years ago never moves with today's code. Change nothing here: add new samples instead.
 */
public final class StoredSamples {
  public static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");

  private StoredSamples() {}

  // ---- journal events ----

  /** Every optional field set, a three-entry context (a MapN). */
  static EventRecorded ratingRecorded() {
    return new EventRecorded(new UserEvent("e1", "u1", "rating", "item-1", T0.plusNanos(123_456_789), 4.5, "req-42",
        Map.of("device", "mobile", "page", "pdp", "locale", "de-CH")), "shoes");
  }

  /** Every optional field absent, and an unknown item category. */
  static EventRecorded viewRecorded() {
    return new EventRecorded(new UserEvent("e2", "u1", "view", "item-2", T0, null, null, Map.of()), null);
  }

  /** A one-entry context (a Map1) and a negative value. */
  static EventRecorded purchaseRecorded() {
    return new EventRecorded(new UserEvent("e3", "u1", "purchase", "item-3", T0.plusSeconds(3600), -19.99, null,
        Map.of("k", "v")), "hats");
  }

  // ---- snapshots ----

  /** Five events: ListN history with a null category, MapN counts and affinities, a wrapped dedup ring. */
  public static State richState() {
    UserProfile profile = new UserProfile("u1",
        List.of(
            new HistoryEntry("item-3", "purchase", "hats", T0.plusSeconds(3600)),
            new HistoryEntry("item-1", "rating", "shoes", T0.plusNanos(123_456_789)),
            new HistoryEntry("item-3", "click", "hats", T0.plusSeconds(60)),
            new HistoryEntry("item-2", "view", "shoes", T0),
            new HistoryEntry("item-4", "wishlist", null, T0.minusSeconds(3600))),
        Map.of("view", 1L, "click", 1L, "rating", 1L, "purchase", 1L, "wishlist", 1L),
        Map.of(
            "item-1", new DecayedScore(2.5, T0.toEpochMilli() + 123),
            "item-2", new DecayedScore(1.0, T0.toEpochMilli()),
            "item-3", new DecayedScore(6.998, T0.plusSeconds(3600).toEpochMilli()),
            "item-4", new DecayedScore(0.75, T0.minusSeconds(3600).toEpochMilli())),
        Map.of(
            "shoes", new DecayedScore(3.5, T0.toEpochMilli() + 123),
            "hats", new DecayedScore(5.5, T0.plusSeconds(3600).toEpochMilli())),
        T0.plusSeconds(3600), 5);
    return new State(profile, wrappedRing());
  }

  /** One event: single-entry maps and history (Map1, List12), a large ring holding one id. */
  static State singleEventState() {
    UserProfile profile = new UserProfile("u1",
        List.of(new HistoryEntry("item-1", "rating", "shoes", T0.plusNanos(123_456_789))),
        Map.of("rating", 1L),
        Map.of("item-1", new DecayedScore(2.5, T0.toEpochMilli() + 123)),
        Map.of("shoes", new DecayedScore(2.5, T0.toEpochMilli() + 123)),
        T0.plusNanos(123_456_789), 1);
    return new State(profile, RecentEventIds.withCapacity(500).plus("e1", -7_600_343_819_513_547_145L));
  }

  /** A user without events: empty collections, no last activity, an empty ring. */
  static State emptyState() {
    return new State(new UserProfile("u1", List.of(), Map.of(), Map.of(), Map.of(), null, 0), RecentEventIds.withCapacity(1));
  }

  /** Capacity 3 after five events: holds e3, e4, e5 and has wrapped. */
  static RecentEventIds wrappedRing() {
    RecentEventIds ring = RecentEventIds.withCapacity(3);
    for (int i = 1; i <= 5; i++) {
      ring = ring.plus("e" + i, 1000L * i + i);
    }
    return ring;
  }

  /** Every id a sample ring might hold, and one it never holds. */
  static final List<String> RING_IDS = List.of("e1", "e2", "e3", "e4", "e5", "e6");

  /** The samples by the file name their bytes are stored under. */
  static Map<String, Object> byFileName() {
    return Map.of(
        "event-recorded-rating.bin", ratingRecorded(),
        "event-recorded-view.bin", viewRecorded(),
        "event-recorded-purchase.bin", purchaseRecorded(),
        "state-rich.bin", richState(),
        "state-single-event.bin", singleEventState(),
        "state-empty.bin", emptyState());
  }
}
