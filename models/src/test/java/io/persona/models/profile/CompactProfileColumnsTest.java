package io.persona.models.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.events.UserEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profile's compact columns read as the JDK list and map they stand for. */
class CompactProfileColumnsTest {
  private static final long HOUR = 3_600_000L;

  @Test
  void historyKeepsEveryFieldAndTimestampsToTheNanosecond() {
    List<HistoryEntry> entries = List.of(
        new HistoryEntry("b", "view", "Home & Garden", Instant.parse("2026-12-01T10:00:00.123456789Z")),
        new HistoryEntry("a", "purchase", null, Instant.parse("1890-01-01T00:00:00Z")));
    HistoryEntries compact = HistoryEntries.of(entries);
    assertEquals(entries, compact);
    assertEquals(compact, entries);
    assertEquals(entries.hashCode(), compact.hashCode());
    assertEquals("b", compact.itemIdAt(0));
    assertThrows(IndexOutOfBoundsException.class, () -> compact.get(2));
    assertSame(compact, HistoryEntries.of(compact));
  }

  @Test
  void anEntryGoesInTimeOrderBeforeEntriesOfItsOwnTimeAndTheHistoryIsCut() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    HistoryEntries history = HistoryEntries.EMPTY
        .with(entry("old", t), 3)
        .with(entry("new", t.plusSeconds(60)), 3)
        .with(entry("same-time", t), 3);
    assertEquals(List.of("new", "same-time", "old"), ids(history));
    HistoryEntries full = history.with(entry("newest", t.plusSeconds(120)), 3);
    assertEquals(List.of("newest", "new", "same-time"), ids(full));
    assertSame(full, full.with(entry("too-late", t.minusSeconds(1)), 3), "older than a full history keeps");
    assertEquals(List.of("newest", "new"), ids(full.with(entry("too-late", t.minusSeconds(1)), 2)),
        "a smaller history size cuts a kept history too");
    HistoryEntries nanos = full.with(entry("sub-ms", t.plusNanos(1_500)), 4);
    assertEquals(List.of("newest", "new", "sub-ms", "same-time"), ids(nanos), "1.5 µs after the others of its second");
    assertEquals(t.plusNanos(1_500), nanos.get(2).timestamp());
    assertEquals(t, nanos.get(3).timestamp());
  }

  @Test
  void scoresReadAsTheMapTheyStandFor() {
    Map<String, DecayedScore> plain = new HashMap<>();
    plain.put("Électronique", new DecayedScore(2.5, 1_000));
    plain.put("a", new DecayedScore(-1.0, 2_000));
    DecayedScores compact = DecayedScores.of(plain);
    assertEquals(plain, compact);
    assertEquals(compact, plain);
    assertEquals(plain.hashCode(), compact.hashCode());
    assertEquals(new DecayedScore(2.5, 1_000), compact.get("Électronique"));
    assertNull(compact.get("missing"));
    assertNull(compact.get(42));
    assertFalse(compact.containsKey(null));
    assertTrue(compact.containsKey("a"));
    assertEquals(Map.copyOf(plain), Map.copyOf(compact));
  }

  @Test
  void addingDecaysTheOldScoreAndPastCapacityDropsTheWeakestOtherKey() {
    DecayedScores scores = DecayedScores.EMPTY
        .plus("x", 4.0, 0, HOUR, 2)
        .plus("y", 1.0, 0, HOUR, 2)
        .plus("x", 1.0, HOUR, HOUR, 2);
    assertEquals(new DecayedScore(3.0, HOUR), scores.get("x"), "4 halved over one half-life, plus 1");
    DecayedScores full = scores.plus("z", 0.1, HOUR, HOUR, 2);
    assertEquals(Map.of("x", new DecayedScore(3.0, HOUR), "z", new DecayedScore(0.1, HOUR)), full,
        "y (0.5 at that time) goes, not z, which was just added though weaker");
  }

  @Test
  void aSmallerHistorySizeCutsTheHistoryWhenAnEntryIsKeptToo() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    HistoryEntries four = HistoryEntries.EMPTY.with(entry("a", t), 4).with(entry("b", t.plusSeconds(1)), 4)
        .with(entry("c", t.plusSeconds(2)), 4).with(entry("d", t.plusSeconds(3)), 4);
    assertEquals(List.of("e", "d"), ids(four.with(entry("e", t.plusSeconds(4)), 2)));
    assertEquals(List.of("d", "mid"), ids(four.with(entry("mid", t.plusMillis(2_500)), 2)));
  }

  @Test
  void interactedItemsAddAndRemoveSetsOfItems() {
    InteractedItems some = InteractedItems.of(List.of("a", "b"));
    assertEquals(InteractedItems.of(List.of("a", "b", "c")), some.withAll(List.of("c", "a")));
    assertEquals(InteractedItems.of(List.of("b")), some.withoutAll(List.of("a", "never")));
    assertSame(some, some.withoutAll(List.of("never")));
    assertEquals(InteractedItems.of(List.of("a")), some.without("b"));
    assertSame(some, some.without("never"));
    assertSame(some, some.with(null));
  }

  @Test
  void aLoweredCapacityDropsOneKeyPerEventAndEveryDroppedItemIsHeldApart() {
    ProfileSettings four = settings(4);
    ProfileSettings two = settings(2);
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    UserProfile profile = UserProfile.empty("u");
    for (int i = 0; i < 4; i++) {
      profile = profile.apply(view("i" + i, t.plusSeconds(i)), null, four);
    }
    assertEquals(0, profile.interactedItems().size());
    // the setting lowered to 2: an event of a kept item drops the weakest other, a new one too
    profile = profile.apply(view("i3", t.plusSeconds(10)), null, two);
    assertEquals(3, profile.itemAffinities().size());
    profile = profile.apply(view("new", t.plusSeconds(11)), null, two);
    assertEquals(3, profile.itemAffinities().size());
    assertEquals(5, profile.interactedCount());
    for (String item : List.of("i0", "i1", "i2", "i3", "new")) {
      assertTrue(profile.hasInteractedWith(item), item);
    }
    assertEquals(InteractedItems.of(List.of("i0", "i1", "i2", "i3", "new")), profile.everyInteractedItem());
  }

  @Test
  void anItemBackInTheAffinitiesLeavesTheSetHeldApart() {
    ProfileSettings two = settings(2);
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    UserProfile profile = UserProfile.empty("u")
        .apply(view("a", t), null, two)
        .apply(view("b", t.plusSeconds(1)), null, two)
        .apply(view("c", t.plusSeconds(2)), null, two);
    assertEquals(InteractedItems.of(List.of("a")), profile.interactedItems(), "a, the weakest, was dropped");
    UserProfile back = profile.apply(view("a", t.plusSeconds(3)), null, two);
    assertTrue(back.itemAffinities().containsKey("a"));
    assertEquals(InteractedItems.of(List.of("b")), back.interactedItems(), "b dropped for a, a no longer apart");
    assertEquals(3, back.interactedCount());
    assertEquals(back, back.withInteractedItemsApart(), "as a snapshot reads it back");
  }

  private static ProfileSettings settings(int maxItems) {
    return new ProfileSettings(Map.of("view", 1.0), 0.5, 3.0, Duration.ofDays(7), 50, maxItems, 2);
  }

  private static UserEvent view(String itemId, Instant at) {
    return new UserEvent("e-" + itemId + at.toEpochMilli(), "u", "view", itemId, at, null,
        null, Map.of());
  }

  private static HistoryEntry entry(String itemId, Instant at) {
    return new HistoryEntry(itemId, "view", null, at);
  }

  private static List<String> ids(List<HistoryEntry> history) {
    return history.stream().map(HistoryEntry::itemId).toList();
  }
}
