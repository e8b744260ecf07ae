package io.persona.models.features;

/**
 * Aggregate behaviour on an item, maintained by a projection of the event stream.
 *
 * @param impressions times the item was shown
 * @param clicks      times a shown item was clicked
 * @param popularity  time-decayed count of interactions (trending)
 */
public record ItemStats(long impressions, long clicks, double popularity) {

  public static final ItemStats NONE = new ItemStats(0, 0, 0);

  public ItemStats {
    if (impressions < 0 || clicks < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }

  /**
   * Click-through rate shrunk towards {@code prior} with the weight of {@code priorStrength}
   * impressions, so an item with 1 click in 1 impression does not score 100%.
   */
  public double smoothedCtr(double prior, double priorStrength) {
    return (clicks + prior * priorStrength) / (impressions + priorStrength);
  }
}
