package io.persona.simulations.quality;

/**
 * Means over the users of one group.
 *
 * @param users scored users (with at least one relevant item)
 * @param mrr   mean reciprocal rank of the first hit within the top K (0 when none)
 */
public record MetricSummary(int users, double hitRate, double ndcg, double mrr) {

  /**
   * Half the width of the normal-approximation 95 % interval of the hit rate, 1.96·√(p(1−p)/n):
   * how far two methods' figures may differ by the draw of test users alone.
   */
  public double hitRateMargin() {
    return users == 0 ? Double.NaN : 1.96 * Math.sqrt(hitRate * (1 - hitRate) / users);
  }
}
