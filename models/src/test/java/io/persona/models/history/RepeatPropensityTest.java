package io.persona.models.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.events.UserEvent;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepeatPropensityTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  private static UserProfile profileOf(String user, String... oldestFirst) {
    UserProfile profile = UserProfile.empty(user);
    for (int i = 0; i < oldestFirst.length; i++) {
      profile = profile.apply(new UserEvent(user + "-" + i, user, "purchase", oldestFirst[i],
          NOW.minus(Duration.ofMinutes(oldestFirst.length - i)), null, null, Map.of()), null, ProfileSettings.defaults());
    }
    return profile;
  }

  @Test
  void aUserWithoutAHistoryToJudgeByIsAnEvenChance() {
    assertEquals(0.5, RepeatPropensity.of(UserProfile.empty("new")), 1e-12);
    assertEquals(0.5, RepeatPropensity.of(profileOf("once", "a")), 1e-12);
  }

  @Test
  void countsEachInteractionWithAnItemTheUserHadBefore() {
    // b after a: new; a again: repeat; c: new; a: repeat → 2 repeats of 4 chances
    assertEquals(3.0 / 6.0, RepeatPropensity.of(profileOf("u", "a", "b", "a", "c", "a")), 1e-12);
    assertEquals(1.0 / 11.0, RepeatPropensity.of(profileOf("u", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j")),
        1e-12);
    assertEquals(10.0 / 11.0, RepeatPropensity.of(profileOf("u", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a")),
        1e-12);
  }

  @Test
  void aReorderOlderThanTheRecentHistoryStillCounts() {
    // one early order of x, then a basket of 60 distinct items, then x again: the profile's recent
    // history (50 entries) no longer holds the first x, the user's item counts do
    String[] events = new String[62];
    events[0] = "x";
    for (int i = 1; i <= 60; i++) {
      events[i] = "basket-" + i;
    }
    events[61] = "x";
    UserProfile profile = profileOf("u", events);
    assertTrue(profile.recentHistory().size() < events.length, "the history is bounded");
    assertEquals(2.0 / 63.0, RepeatPropensity.of(profile), 1e-12);
  }

  @Test
  void theRepeatSourceGivesAReorderingUsersOwnItemsMoreRoomThanABrowsingUsers() {
    UserProfile reorders = profileOf("wholesaler", "x", "y", "x", "y", "x", "y", "x", "y", "x", "y");
    UserProfile browses = profileOf("browser", "p", "q", "r", "s", "t", "u", "v", "w", "z", "y");
    long at = NOW.toEpochMilli();

    double ownBestOfReorderer = SourceScores.repeat(reorders, at, ProfileSettings.defaults()).scaled("y");
    double ownBestOfBrowser = SourceScores.repeat(browses, at, ProfileSettings.defaults()).scaled("y");

    assertEquals(RepeatPropensity.of(reorders), ownBestOfReorderer, 1e-9,
        "the newest, strongest own item counts the user's propensity");
    assertEquals(1.0 / 11.0, ownBestOfBrowser, 1e-9);
    assertTrue(ownBestOfReorderer > 5 * ownBestOfBrowser, ownBestOfReorderer + " vs " + ownBestOfBrowser);
  }

  @Test
  void aUserPastTheCountOfDistinctItemsIsAnEvenChance() {
    UserProfile profile = UserProfile.empty("collector");
    for (int i = 0; i < io.persona.models.profile.InteractedItems.CAPACITY + 50; i++) {
      profile = profile.apply(new UserEvent("e" + i, "collector", "view", "item-" + i, NOW.plusSeconds(i), null, null,
          Map.of()), null, ProfileSettings.defaults());
    }
    assertEquals(0.5, RepeatPropensity.of(profile), 1e-12, "new items past the cap would count as repeats");
  }
}
