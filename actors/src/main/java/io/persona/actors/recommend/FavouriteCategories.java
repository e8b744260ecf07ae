package io.persona.actors.recommend;

import io.persona.models.profile.CategoryExposure;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The categories whose popular items the {@code category_popular} source proposes to a user, each
 * with its weight (1 for the strongest), strongest first: those of the user's strongest decayed
 * affinities, and those the user clicks more often than the rest per item shown.
 *
 * <p>An affinity counts clicks, so it follows what was shown: users whose first lists showed a few
 * popular categories end up with affinities for those, and lists built from the affinities keep
 * showing them (README, Learning loop: "What the lists hold"). The click rate per item shown finds a
 * category the lists seldom showed but the user takes when they do.
 */
final class FavouriteCategories {
  /** The log lift at which a category weighs as much as the strongest affinity: twice the user's click rate. */
  static final double FULL_WEIGHT_LOG_LIFT = Math.log(2);

  private FavouriteCategories() {}

  /** At most {@code count} by affinity and {@code count} by click rate; a category in both takes its larger weight. */
  static List<Map.Entry<String, Double>> of(UserProfile profile, CategoryExposure exposure, Instant now,
                                            ProfileSettings profileSettings, int count) {
    Map<String, Double> weights = new HashMap<>();
    List<Map.Entry<String, Double>> byAffinity =
        UserProfile.top(profile.categoryAffinities(), now, profileSettings, count);
    if (!byAffinity.isEmpty() && byAffinity.get(0).getValue() > 0) {
      double strongest = byAffinity.get(0).getValue();
      for (Map.Entry<String, Double> category : byAffinity) {
        if (category.getValue() > 0) {
          weights.put(category.getKey(), category.getValue() / strongest);
        }
      }
    }
    exposure.clicked().keySet().stream()
        .filter(category -> exposure.logLift(category) > 0)
        .sorted(Comparator.comparingDouble((String category) -> -exposure.logLift(category))
            .thenComparing(Comparator.naturalOrder()))
        .limit(count)
        .forEach(category -> weights.merge(category,
            Math.min(1, exposure.logLift(category) / FULL_WEIGHT_LOG_LIFT), Math::max));
    List<Map.Entry<String, Double>> favourites = new ArrayList<>(weights.entrySet());
    favourites.sort(Map.Entry.<String, Double>comparingByValue().reversed()
        .thenComparing(Map.Entry.comparingByKey()));
    return favourites;
  }
}
