package io.persona.models.profile;

/**
 * A score that halves every half-life. Stored as (value at {@code atMillis}); read at any time.
 * Keeping the anchor time instead of decaying on a timer makes updates O(1) and replay exact.
 */
public record DecayedScore(double value, long atMillis) {

  public double valueAt(long nowMillis, long halfLifeMillis) {
    return value * decayFactor(nowMillis - atMillis, halfLifeMillis);
  }

  /**
   * Adds {@code amount} observed at {@code eventMillis}. Events arrive out of order: a late one
   * is decayed to the anchor instead of moving the anchor back.
   */
  public DecayedScore plus(double amount, long eventMillis, long halfLifeMillis) {
    if (eventMillis >= atMillis) {
      return new DecayedScore(valueAt(eventMillis, halfLifeMillis) + amount, eventMillis);
    }
    return new DecayedScore(value + amount * decayFactor(atMillis - eventMillis, halfLifeMillis), atMillis);
  }

  /** How much of something observed at this score's anchor is left at {@code nowMillis}. */
  public double decayAt(long nowMillis, long halfLifeMillis) {
    return decayFactor(nowMillis - atMillis, halfLifeMillis);
  }

  static double decayFactor(long elapsedMillis, long halfLifeMillis) {
    return Math.pow(0.5, (double) elapsedMillis / halfLifeMillis);
  }
}
