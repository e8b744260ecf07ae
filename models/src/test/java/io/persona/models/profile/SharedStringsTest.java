package io.persona.models.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.persona.models.events.UserEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedStringsTest {
  /** A string as parsing a request makes it: equal to the others, never the same object. */
  private static String fresh(String value) {
    return new String(value.toCharArray());
  }

  @Test
  void historiesOfDifferentUsersShareOneInstanceOfEachString() {
    String itemId = fresh("shared-item-1");
    assertNotSame(itemId, fresh("shared-item-1"));
    // as two snapshot reads make them: entries with strings of their own
    HistoryEntry first = HistoryEntries.of(List.of(
        new HistoryEntry(itemId, fresh("view"), fresh("Home & Garden"), Instant.EPOCH))).get(0);
    HistoryEntry second = HistoryEntries.of(List.of(
        new HistoryEntry(fresh("shared-item-1"), fresh("view"), fresh("Home & Garden"), Instant.EPOCH))).get(0);
    assertSame(first.itemId(), second.itemId());
    assertSame(first.type(), second.type());
    assertSame(first.category(), second.category());
    assertEquals(first, second);
    assertNull(HistoryEntries.of(List.of(new HistoryEntry("i", "view", null, Instant.EPOCH))).get(0).category(),
        "an unknown item has no category");
  }

  @Test
  void aProfileKeysItsAffinitiesAndCountsByTheSharedInstances() {
    ProfileSettings settings = ProfileSettings.defaults();
    UserProfile alice = UserProfile.empty("alice").apply(event("alice"), fresh("Toys"), settings);
    UserProfile bob = UserProfile.empty("bob").apply(event("bob"), fresh("Toys"), settings);
    assertSame(key(alice.itemAffinities()), key(bob.itemAffinities()));
    assertSame(key(alice.categoryAffinities()), key(bob.categoryAffinities()));
    assertSame(key(alice.eventCounts()), key(bob.eventCounts()));
    assertSame(alice.recentHistory().get(0).itemId(), key(bob.itemAffinities()));
  }

  @Test
  void aProfileReadBackWithItsOwnKeysSharesThemAfterwards() {
    ProfileSettings settings = ProfileSettings.defaults();
    UserProfile alice = UserProfile.empty("alice").apply(event("alice"), fresh("Toys"), settings);
    // as a snapshot reader makes it: equal keys, none of them the shared instance
    UserProfile read = new UserProfile("bob", alice.recentHistory(), Map.of(fresh("purchase"), 1L),
        Map.of(fresh("shared-item-2"), alice.itemAffinities().values().iterator().next()),
        Map.of(fresh("Toys"), alice.categoryAffinities().values().iterator().next()), alice.lastActivity(), 1,
        alice.interactedItems());
    assertSame(key(alice.itemAffinities()), key(read.itemAffinities()), "affinities share their keys as they are built");
    assertSame(key(alice.categoryAffinities()), key(read.categoryAffinities()));
    assertNotSame(key(alice.eventCounts()), key(read.eventCounts()));
    UserProfile shared = read.withSharedKeys();
    assertEquals(read, shared);
    assertSame(key(alice.eventCounts()), key(shared.eventCounts()));
  }

  private static UserEvent event(String user) {
    return new UserEvent(fresh("e-" + user), user, fresh("purchase"), fresh("shared-item-2"),
        Instant.parse("2026-12-01T10:00:00Z"), null, null, null);
  }

  private static String key(Map<String, ?> map) {
    return map.keySet().iterator().next();
  }
}
