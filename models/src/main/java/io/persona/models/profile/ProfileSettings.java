package io.persona.models.profile;

import io.persona.models.events.EventTypes;

import java.time.Duration;
import java.util.Map;

/**
 * How events shape a profile: how much each event type counts, how fast interest fades, and how
 * much is remembered. Replaying a journal with other settings gives another profile, so change it
 * knowingly.
 *
 * @param weights          affinity added per event type
 * @param defaultWeight    affinity added by a custom event type
 * @param ratingNeutral    a rating above this raises affinity, below it lowers it
 * @param halfLife         time for an affinity to halve
 * @param historySize      how many recent interactions are kept
 * @param maxItemAffinities     how many items keep an affinity (the weakest is dropped)
 * @param maxCategoryAffinities how many categories keep an affinity
 */
public record ProfileSettings(
    Map<String, Double> weights,
    double defaultWeight,
    double ratingNeutral,
    Duration halfLife,
    int historySize,
    int maxItemAffinities,
    int maxCategoryAffinities,
    int maxOwnEventTypes) {

  /** With the default bound on own event types ({@link UserProfile#MAX_EVENT_TYPES}). */
  public ProfileSettings(Map<String, Double> weights, double defaultWeight, double ratingNeutral, Duration halfLife,
                         int historySize, int maxItemAffinities, int maxCategoryAffinities) {
    this(weights, defaultWeight, ratingNeutral, halfLife, historySize, maxItemAffinities, maxCategoryAffinities,
        UserProfile.MAX_EVENT_TYPES);
  }

  public ProfileSettings {
    weights = Map.copyOf(weights);
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife must be positive");
    }
    if (historySize < 1 || maxItemAffinities < 1 || maxCategoryAffinities < 1) {
      throw new IllegalArgumentException("sizes must be positive");
    }
    if (maxOwnEventTypes < 0) {
      throw new IllegalArgumentException("maxOwnEventTypes must not be negative");
    }
  }

  public static ProfileSettings defaults() {
    return new ProfileSettings(
        Map.of(EventTypes.VIEW, 1.0, EventTypes.CLICK, 2.0, EventTypes.ADD_TO_CART, 4.0,
            EventTypes.PURCHASE, 8.0, EventTypes.RATING, 2.0),
        0.5, 3.0, Duration.ofDays(7), 50, 200, 50);
  }

  /** The affinity one event adds; a rating scales with its distance from neutral. */
  public double weightOf(String type, Double value) {
    double base = weights.getOrDefault(type, defaultWeight);
    if (EventTypes.RATING.equals(type) && value != null) {
      return base * (value - ratingNeutral);
    }
    return base;
  }
}
