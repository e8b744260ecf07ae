package io.persona.models.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.events.EventTypes;
import io.persona.models.events.UserEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserProfileTest {
  private static final Duration HALF_LIFE = Duration.ofHours(1);
  private static final long H = HALF_LIFE.toMillis();
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final double EPS = 1e-9;

  /** view 1, click 2, purchase 8, rating 2; custom 0.5; neutral rating 3; keeps 3 entries, 2 items, 2 categories. */
  private static final ProfileSettings POLICY = new ProfileSettings(
      Map.of(EventTypes.VIEW, 1.0, EventTypes.CLICK, 2.0, EventTypes.PURCHASE, 8.0, EventTypes.RATING, 2.0),
      0.5, 3.0, HALF_LIFE, 3, 2, 2);

  private int seq;

  private UserEvent event(String type, String item, Instant at) {
    return event(type, item, at, null);
  }

  private UserEvent event(String type, String item, Instant at, Double value) {
    return new UserEvent("e" + (seq++), "u1", type, item, at, value, null, Map.of());
  }

  private static Instant hours(long n) {
    return T0.plus(Duration.ofHours(n));
  }

  private static double affinity(Map<String, DecayedScore> scores, String key, Instant at) {
    return scores.get(key).valueAt(at.toEpochMilli(), H);
  }

  private static List<String> historyItems(UserProfile p) {
    return p.recentHistory().stream().map(HistoryEntry::itemId).toList();
  }

  @Test
  void everyItemStaysInteractedWithAfterItsAffinityAndHistoryEntryWereDropped() {
    UserProfile p = UserProfile.empty("u1");
    p = p.apply(event(EventTypes.RATING, "disliked", hours(0), 1.0), "films", POLICY);
    for (int i = 0; i < 5; i++) {
      p = p.apply(event(EventTypes.VIEW, "item-" + i, hours(1 + i)), "films", POLICY);
    }
    assertTrue(!p.itemAffinities().containsKey("disliked") && !historyItems(p).contains("disliked"),
        "the profile keeps 2 affinities and 3 entries");
    assertTrue(p.hasInteractedWith("disliked"));
    for (int i = 0; i < 5; i++) {
      assertTrue(p.hasInteractedWith("item-" + i), "item-" + i);
    }
    assertTrue(!p.hasInteractedWith("never"));
    assertEquals(6, p.interactedCount());
    assertEquals(4, p.interactedItems().size(), "only the 4 items the 2 affinities dropped are held apart");
  }

  @Test
  void aProfileStoredWithoutItsInteractedItemsKnowsWhatItsAffinitiesAndHistoryHold() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", hours(0)), "c", POLICY)
        .apply(event(EventTypes.VIEW, "b", hours(1)), "c", POLICY);
    UserProfile stored = new UserProfile(p.userId(), p.recentHistory(), p.eventCounts(), p.itemAffinities(),
        p.categoryAffinities(), p.lastActivity(), p.totalEvents(), null);
    assertEquals(p, stored);
  }

  @Test
  void aLateEventDoesNotPushANewerEntryOutOfAFullHistory() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event("view", "a", hours(1)), null, POLICY)
        .apply(event("view", "b", hours(2)), null, POLICY)
        .apply(event("view", "c", hours(3)), null, POLICY)
        .apply(event("view", "late", hours(0)), null, POLICY);

    assertEquals(List.of("c", "b", "a"), historyItems(p));
  }

  // --- basics ---

  @Test
  void emptyProfileHasNothing() {
    UserProfile p = UserProfile.empty("u1");

    assertEquals("u1", p.userId());
    assertTrue(p.recentHistory().isEmpty());
    assertTrue(p.eventCounts().isEmpty());
    assertTrue(p.itemAffinities().isEmpty());
    assertTrue(p.categoryAffinities().isEmpty());
    assertNull(p.lastActivity());
    assertEquals(0, p.totalEvents());
  }

  @Test
  void applyLeavesTheOriginalProfileUnchanged() {
    UserProfile before = UserProfile.empty("u1");

    UserProfile after = before.apply(event(EventTypes.VIEW, "a", T0), "books", POLICY);

    assertEquals(UserProfile.empty("u1"), before);
    assertEquals(1, after.totalEvents());
  }

  @Test
  void totalEventsIncrementsByOnePerEvent() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", T0), "books", POLICY)
        .apply(event(EventTypes.VIEW, "a", T0), "books", POLICY)
        .apply(event(EventTypes.CLICK, "b", T0), null, POLICY);

    assertEquals(3, p.totalEvents());
  }

  // --- history ---

  @Test
  void historyEntryRecordsItemTypeCategoryAndTimestamp() {
    UserProfile p = UserProfile.empty("u1").apply(event(EventTypes.CLICK, "a", hours(1)), "books", POLICY);

    assertEquals(List.of(new HistoryEntry("a", EventTypes.CLICK, "books", hours(1))), p.recentHistory());
  }

  @Test
  void historyIsNewestFirst() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", hours(1)), null, POLICY)
        .apply(event(EventTypes.VIEW, "b", hours(2)), null, POLICY);

    assertEquals(List.of("b", "a"), historyItems(p));
  }

  @Test
  void historyIsBoundedByHistorySizeDroppingTheOldest() {
    UserProfile p = UserProfile.empty("u1");
    for (int i = 1; i <= 5; i++) {
      p = p.apply(event(EventTypes.VIEW, "i" + i, hours(i)), null, POLICY);
    }

    assertEquals(List.of("i5", "i4", "i3"), historyItems(p));
  }

  @Test
  void lateEventIsPlacedByTimestampInHistory() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", hours(1)), null, POLICY)
        .apply(event(EventTypes.VIEW, "c", hours(3)), null, POLICY)
        .apply(event(EventTypes.VIEW, "b", hours(2)), null, POLICY);

    assertEquals(List.of("c", "b", "a"), historyItems(p));
  }

  // --- counts ---

  @Test
  void countsEventsPerType() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", T0), null, POLICY)
        .apply(event(EventTypes.VIEW, "b", T0), null, POLICY)
        .apply(event(EventTypes.CLICK, "a", T0), null, POLICY)
        .apply(event("dwell", "a", T0), null, POLICY);

    assertEquals(Map.of(EventTypes.VIEW, 2L, EventTypes.CLICK, 1L, "dwell", 1L), p.eventCounts());
  }

  @Test
  void ownEventTypesAreCountedUpToTheBoundAndBuiltInOnesAlways() {
    UserProfile p = UserProfile.empty("u1").apply(event(EventTypes.VIEW, "a", T0), null, POLICY);
    for (int i = 0; i < 100; i++) {
      p = p.apply(event("made_up_" + i, "a", T0), null, POLICY);
    }
    p = p.apply(event("made_up_0", "a", T0), null, POLICY)
        .apply(event(EventTypes.PURCHASE, "a", T0), null, POLICY);
    assertEquals(UserProfile.MAX_EVENT_TYPES + 2, p.eventCounts().size(), "32 own types, view and purchase");
    assertEquals(2L, p.eventCounts().get("made_up_0"), "a type within the bound goes on counting");
    assertEquals(null, p.eventCounts().get("made_up_99"));
    assertEquals(1L, p.eventCounts().get(EventTypes.PURCHASE));
    assertEquals(103, p.totalEvents(), "every event is still recorded");
  }

  @Test
  void theBoundOnOwnEventTypesIsASetting() {
    ProfileSettings three = new ProfileSettings(POLICY.weights(), POLICY.defaultWeight(), POLICY.ratingNeutral(),
        POLICY.halfLife(), POLICY.historySize(), POLICY.maxItemAffinities(), POLICY.maxCategoryAffinities(), 3);
    UserProfile p = UserProfile.empty("u1");
    for (int i = 0; i < 10; i++) {
      p = p.apply(event("made_up_" + i, "a", T0), null, three);
    }
    p = p.apply(event(EventTypes.CLICK, "a", T0), null, three);
    assertEquals(4, p.eventCounts().size(), "three own types and click");
    assertEquals(null, p.eventCounts().get("made_up_3"));
  }

  // --- affinities ---

  @Test
  void itemAffinityAddsTheEventWeight() {
    UserProfile p = UserProfile.empty("u1").apply(event(EventTypes.PURCHASE, "a", T0), "books", POLICY);

    assertEquals(new DecayedScore(8.0, T0.toEpochMilli()), p.itemAffinities().get("a"));
  }

  @Test
  void itemAffinityDecaysBetweenEvents() {
    // view (1) at T0, click (2) one half-life later: 1 * 0.5 + 2 = 2.5
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", T0), null, POLICY)
        .apply(event(EventTypes.CLICK, "a", hours(1)), null, POLICY);

    DecayedScore score = p.itemAffinities().get("a");
    assertEquals(2.5, score.value(), EPS);
    assertEquals(hours(1).toEpochMilli(), score.atMillis());
  }

  @Test
  void lateEventIsDecayedToTheAffinityAnchor() {
    // view (1) at 2h, then a late purchase (8) at 1h counts 4 at 2h: total 5, anchor stays at 2h
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", hours(2)), null, POLICY)
        .apply(event(EventTypes.PURCHASE, "a", hours(1)), null, POLICY);

    DecayedScore score = p.itemAffinities().get("a");
    assertEquals(5.0, score.value(), EPS);
    assertEquals(hours(2).toEpochMilli(), score.atMillis());
  }

  @Test
  void categoryAffinitySumsOverItemsOfTheCategory() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", T0), "books", POLICY)
        .apply(event(EventTypes.CLICK, "b", T0), "books", POLICY)
        .apply(event(EventTypes.VIEW, "c", T0), "music", POLICY);

    assertEquals(3.0, affinity(p.categoryAffinities(), "books", T0), EPS);
    assertEquals(1.0, affinity(p.categoryAffinities(), "music", T0), EPS);
  }

  @Test
  void nullCategoryLeavesCategoryAffinitiesUnchangedButStillCountsTheItem() {
    UserProfile before = UserProfile.empty("u1").apply(event(EventTypes.VIEW, "a", T0), "books", POLICY);

    UserProfile after = before.apply(event(EventTypes.CLICK, "b", hours(1)), null, POLICY);

    assertEquals(before.categoryAffinities(), after.categoryAffinities());
    assertEquals(2.0, affinity(after.itemAffinities(), "b", hours(1)), EPS);
    assertNull(after.recentHistory().get(0).category());
  }

  @Test
  void highRatingRaisesAffinityByWeightTimesDistanceFromNeutral() {
    UserProfile p = UserProfile.empty("u1").apply(event(EventTypes.RATING, "a", T0, 5.0), "books", POLICY);

    assertEquals(4.0, affinity(p.itemAffinities(), "a", T0), EPS); // 2 * (5 - 3)
    assertEquals(4.0, affinity(p.categoryAffinities(), "books", T0), EPS);
  }

  @Test
  void lowRatingLowersAffinity() {
    // click (2) then a 1-star rating: 2 + 2 * (1 - 3) = -2
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.CLICK, "a", T0), "books", POLICY)
        .apply(event(EventTypes.RATING, "a", T0, 1.0), "books", POLICY);

    assertEquals(-2.0, affinity(p.itemAffinities(), "a", T0), EPS);
    assertEquals(-2.0, affinity(p.categoryAffinities(), "books", T0), EPS);
  }

  // --- capacity ---

  @Test
  void overCapacityDropsTheWeakestOtherItemNotTheOneJustBumped() {
    // capacity 2; c is the weakest of all (1) but was just bumped, so a (2) goes
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.CLICK, "a", T0), null, POLICY)
        .apply(event(EventTypes.PURCHASE, "b", T0), null, POLICY)
        .apply(event(EventTypes.VIEW, "c", T0), null, POLICY);

    assertEquals(Set.of("b", "c"), p.itemAffinities().keySet());
  }

  @Test
  void evictionComparesDecayedValuesAtTheEventTime() {
    // a: purchase 8 at T0 -> 1 after three half-lives; b: click 2 at 3h. At 3h a is the weakest.
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.PURCHASE, "a", T0), null, POLICY)
        .apply(event(EventTypes.CLICK, "b", hours(3)), null, POLICY)
        .apply(event(EventTypes.VIEW, "c", hours(3)), null, POLICY);

    assertEquals(Set.of("b", "c"), p.itemAffinities().keySet());
  }

  @Test
  void bumpingAnExistingItemAtCapacityEvictsNothing() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", T0), null, POLICY)
        .apply(event(EventTypes.VIEW, "b", T0), null, POLICY)
        .apply(event(EventTypes.VIEW, "a", T0), null, POLICY);

    assertEquals(Set.of("a", "b"), p.itemAffinities().keySet());
    assertEquals(2.0, affinity(p.itemAffinities(), "a", T0), EPS);
  }

  @Test
  void categoryCapacityDropsTheWeakestOtherCategory() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.PURCHASE, "a", T0), "books", POLICY)
        .apply(event(EventTypes.CLICK, "b", T0), "music", POLICY)
        .apply(event(EventTypes.VIEW, "c", T0), "film", POLICY);

    assertEquals(Set.of("books", "film"), p.categoryAffinities().keySet());
  }

  // --- lastActivity ---

  @Test
  void firstEventSetsLastActivity() {
    UserProfile p = UserProfile.empty("u1").apply(event(EventTypes.VIEW, "a", hours(2)), null, POLICY);

    assertEquals(hours(2), p.lastActivity());
  }

  @Test
  void lastActivityMovesForwardOnNewerEvent() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", hours(1)), null, POLICY)
        .apply(event(EventTypes.VIEW, "a", hours(2)), null, POLICY);

    assertEquals(hours(2), p.lastActivity());
  }

  @Test
  void lastActivityDoesNotMoveBackOnLateEvent() {
    UserProfile p = UserProfile.empty("u1")
        .apply(event(EventTypes.VIEW, "a", hours(2)), null, POLICY)
        .apply(event(EventTypes.VIEW, "b", hours(1)), null, POLICY);

    assertEquals(hours(2), p.lastActivity());
  }

  // --- top ---

  @Test
  void topListsDecayedScoresStrongestFirst() {
    Map<String, DecayedScore> scores = Map.of(
        "a", new DecayedScore(4.0, 0),
        "b", new DecayedScore(8.0, 0),
        "c", new DecayedScore(1.0, 0));

    List<Map.Entry<String, Double>> top = UserProfile.top(scores, Instant.ofEpochMilli(H), POLICY, 10);

    assertEquals(List.of("b", "a", "c"), top.stream().map(Map.Entry::getKey).toList());
    assertEquals(4.0, top.get(0).getValue(), EPS);
    assertEquals(2.0, top.get(1).getValue(), EPS);
    assertEquals(0.5, top.get(2).getValue(), EPS);
  }

  @Test
  void topRanksByValueAtNowNotByStoredValue() {
    // a stored 8 two half-lives ago is 2 now; b stored 5 now stays 5
    Map<String, DecayedScore> scores = Map.of(
        "a", new DecayedScore(8.0, 0),
        "b", new DecayedScore(5.0, 2 * H));

    List<Map.Entry<String, Double>> top = UserProfile.top(scores, Instant.ofEpochMilli(2 * H), POLICY, 10);

    assertEquals(List.of("b", "a"), top.stream().map(Map.Entry::getKey).toList());
    assertEquals(2.0, top.get(1).getValue(), EPS);
  }

  @Test
  void topHonoursTheLimit() {
    Map<String, DecayedScore> scores = Map.of(
        "a", new DecayedScore(3.0, 0),
        "b", new DecayedScore(2.0, 0),
        "c", new DecayedScore(1.0, 0));

    List<Map.Entry<String, Double>> top = UserProfile.top(scores, Instant.ofEpochMilli(0), POLICY, 2);

    assertEquals(List.of("a", "b"), top.stream().map(Map.Entry::getKey).toList());
  }

  @Test
  void topOfNoScoresIsEmpty() {
    assertTrue(UserProfile.top(Map.of(), T0, POLICY, 5).isEmpty());
  }
}
