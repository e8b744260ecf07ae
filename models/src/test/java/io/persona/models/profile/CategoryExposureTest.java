package io.persona.models.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CategoryExposureTest {

  @Test
  void aCategoryClickedMorePerItemShownLiftsAboveOneShownMoreOften() {
    // the trap the lift is for: "popular" shown 200 times and clicked 20 times (more clicks, so the
    // stronger affinity), "liked" shown 10 times and clicked 5 times
    CategoryExposure exposure = CategoryExposure.NONE
        .withShown(Collections.nCopies(200, "popular"))
        .withShown(Collections.nCopies(10, "liked"))
        .withShown(Collections.nCopies(50, "ignored"));
    for (int i = 0; i < 20; i++) {
      exposure = exposure.withClick("popular");
    }
    for (int i = 0; i < 5; i++) {
      exposure = exposure.withClick("liked");
    }
    double liked = exposure.logLift("liked");
    double popular = exposure.logLift("popular");
    double ignored = exposure.logLift("ignored");
    assertTrue(liked > 1, "liked: " + liked);
    assertTrue(liked > popular && popular > ignored, liked + " > " + popular + " > " + ignored);
    assertTrue(ignored < -1, "never clicked in 50 showings: " + ignored);
  }

  @Test
  void withoutEvidenceTheLiftIsOneAndFewShowingsSayLittle() {
    assertEquals(0, CategoryExposure.NONE.logLift("any"));
    assertEquals(0, CategoryExposure.NONE.logLift(null));
    CategoryExposure once = CategoryExposure.NONE.withShown(List.of("a", "b")).withClick("a");
    assertEquals(0, once.logLift("never-shown"));
    // one click in one showing: shrunk toward the user's rate, far from the raw ratio
    assertTrue(once.logLift("a") > 0 && once.logLift("a") < 1.5, "" + once.logLift("a"));
  }

  @Test
  void theLiftIsBoundedAndClicksOnCategoriesNeverShownAreNotCounted() {
    CategoryExposure exposure = CategoryExposure.NONE.withShown(Collections.nCopies(10_000, "dull"))
        .withShown(List.of("loved"));
    for (int i = 0; i < 500; i++) {
      exposure = exposure.withClick("loved");
    }
    assertEquals(CategoryExposure.MAX_LOG_LIFT, exposure.logLift("loved"));
    assertEquals(-CategoryExposure.MAX_LOG_LIFT, exposure.logLift("dull"));
    assertSame(exposure, exposure.withClick("elsewhere"));
    assertSame(exposure, exposure.withClick(null));
    assertEquals(500, exposure.totalClicked());
  }

  @Test
  void categoriesPastTheBoundAreNotCountedAndNoCategoryIsNoShowing() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < CategoryExposure.MAX_CATEGORIES + 5; i++) {
      many.add("c" + i);
    }
    CategoryExposure exposure = CategoryExposure.NONE.withShown(many).withShown(Arrays.asList("c0", null));
    assertEquals(CategoryExposure.MAX_CATEGORIES, exposure.shown().size());
    assertEquals(CategoryExposure.MAX_CATEGORIES + 1, exposure.totalShown());
    assertEquals(2, exposure.shownOf("c0"));
    assertEquals(0, exposure.shownOf("c" + (CategoryExposure.MAX_CATEGORIES + 1)));
    assertSame(CategoryExposure.NONE, CategoryExposure.NONE.withShown(Arrays.asList(null, null)));
  }
}
