package io.persona.simulations.quality;

import java.util.Map;

/**
 * How much one event teaches a learning model (its strength), by type. Every event stays an
 * interaction for the splits (it can be held out and it is history); the strength only weighs it
 * when a model learns. Quantities are not used: a wholesaler buying 500 units of one thing says
 * no more about taste than a buyer of 5.
 *
 * <p>A rating counts by how far it is above {@code ratingNeutral}: 5 stars is a strong positive,
 * a rating at or below neutral teaches nothing (strength 0), so low ratings never pull a user
 * towards what they disliked.
 *
 * @param byType     strength of one event of each named type
 * @param otherTypes strength of an event of any other (custom) type
 */
public record EventWeights(Map<String, Double> byType, double otherTypes, double ratingNeutral) {
  public static final String RATING = "rating";

  /** Views weak, purchases strong; ratings 4 and 5 count 1.5 and 2.5. */
  public static final EventWeights DEFAULT = new EventWeights(
      Map.of("view", 1.0, "click", 2.0, "add_to_cart", 3.0, "purchase", 4.0, RATING, 1.0), 1.0, 2.5);

  public EventWeights {
    byType = Map.copyOf(byType);
  }

  public double strength(String type, double value) {
    double weight = byType.getOrDefault(type, otherTypes);
    if (RATING.equals(type)) {
      return weight * Math.max(0, value - ratingNeutral);
    }
    return weight;
  }
}
