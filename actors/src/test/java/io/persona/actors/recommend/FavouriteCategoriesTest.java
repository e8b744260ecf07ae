package io.persona.actors.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.events.UserEvent;
import io.persona.models.profile.CategoryExposure;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FavouriteCategoriesTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final ProfileSettings SETTINGS = ProfileSettings.defaults();

  /** Clicks on items of these categories, oldest first: the affinities count them (a newer click weighs a little more). */
  private static UserProfile clicked(String... categories) {
    UserProfile profile = UserProfile.empty("u");
    for (int i = 0; i < categories.length; i++) {
      profile = profile.apply(new UserEvent("e" + i, "u", "click", "item-" + i, NOW.minusSeconds(60 - i), null, "r",
          Map.of()), categories[i], SETTINGS);
    }
    return profile;
  }

  private static List<String> names(List<Map.Entry<String, Double>> favourites) {
    return favourites.stream().map(Map.Entry::getKey).toList();
  }

  @Test
  void withoutExposureTheStrongestAffinitiesAreTheFavourites() {
    List<Map.Entry<String, Double>> favourites = FavouriteCategories.of(
        clicked("pens", "shoes", "shoes", "shoes", "shoes", "hats", "hats", "bags"), CategoryExposure.NONE, NOW,
        SETTINGS, 3);
    assertEquals(List.of("shoes", "hats", "bags"), names(favourites));
    assertEquals(1.0, favourites.get(0).getValue(), 1e-9);
    assertEquals(0.5, favourites.get(1).getValue(), 0.01);
  }

  @Test
  void aCategoryClickedOftenPerItemShownJoinsTheFavouritesAtFullWeight() {
    // shoes were shown 100 times and clicked 8 times; books shown 5 times, clicked 3 times: the
    // affinities (clicks) rank books last, its click rate first
    CategoryExposure exposure = CategoryExposure.NONE.withShown(Collections.nCopies(100, "shoes"))
        .withShown(Collections.nCopies(5, "books")).withShown(Collections.nCopies(30, "hats"));
    UserProfile profile = clicked("books", "books", "books", "shoes", "shoes", "shoes", "shoes", "shoes", "shoes",
        "shoes", "shoes", "hats", "hats", "hats");
    for (int i = 0; i < 8; i++) {
      exposure = exposure.withClick("shoes");
    }
    for (int i = 0; i < 3; i++) {
      exposure = exposure.withClick("books").withClick("hats");
    }
    assertEquals(List.of("shoes", "hats"), names(FavouriteCategories.of(profile, CategoryExposure.NONE, NOW, SETTINGS, 2)));
    List<Map.Entry<String, Double>> favourites = FavouriteCategories.of(profile, exposure, NOW, SETTINGS, 2);
    assertEquals("books", favourites.get(0).getKey(), favourites.toString());
    assertEquals(1.0, favourites.get(0).getValue(), 1e-9);
    assertTrue(names(favourites).containsAll(List.of("shoes", "hats", "books")), favourites.toString());
    // shoes: under the user's overall click rate per item shown, so only its affinity's weight
    assertTrue(exposure.logLift("shoes") < 0, "" + exposure.logLift("shoes"));
  }
}
