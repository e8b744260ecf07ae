package io.persona.models.history;

import io.persona.models.events.EventTypes;

import java.util.Map;

/**
 * How strongly one event says "this user wants this item", by type: a view weakly, a purchase
 * strongly. A rating teaches by its value: from {@code ratingThreshold} on it weighs
 * {@code ratingWeight × value / ratingScale}; below it, {@code lowRatingWeight} (a low rating is
 * still an item the user chose to interact with, but a weak signal; 0 ignores it). A type without
 * a weight, or with 0, teaches nothing and is not kept in the interaction log.
 */
public record InteractionWeights(Map<String, Double> typeWeights, double ratingWeight, double ratingScale,
                                 double ratingThreshold, double lowRatingWeight) {

  public InteractionWeights {
    typeWeights = Map.copyOf(typeWeights);
    typeWeights.forEach((type, weight) -> {
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("type weight of " + type + " must be finite and >= 0, was " + weight);
      }
    });
    if (!(ratingScale > 0) || !(ratingWeight >= 0) || !(lowRatingWeight >= 0)) {
      throw new IllegalArgumentException("rating scale must be > 0 and rating weights >= 0");
    }
  }

  /** The strength of one event; 0 when it teaches nothing. */
  public double weightOf(String type, Double value) {
    if (EventTypes.RATING.equals(type)) {
      if (value == null || !Double.isFinite(value)) {
        return 0;
      }
      return value >= ratingThreshold ? ratingWeight * value / ratingScale : lowRatingWeight;
    }
    return typeWeights.getOrDefault(type, 0.0);
  }

  public double weightOf(HistoryEvent event) {
    return weightOf(event.type(), event.value());
  }

  public boolean teaches(String type, Double value) {
    return weightOf(type, value) > 0;
  }
}
