package io.persona.models.history;

import io.persona.models.retrieval.CoOccurrencePairing;
import io.persona.models.retrieval.CoOccurrenceSettings;
import java.time.Duration;

/**
 * The settings of the retrieval sources that a history measurement may choose besides their shares
 * ({@link BlendTuning}), because the best values depend on the history, not on the code: how many of
 * a user's newest items seed co-occurrence and how steeply older seeds fade (one item for a "what
 * goes with this" shop, many for a long taste), and how fast popularity forgets (a day for a
 * catalog of short-lived hits, a year for classics). Serving reads them from the history model it
 * serves, so the lists are scored the way they were measured. How items pair in co-occurrence
 * (window, damping, direction, how fast a pair fades) is chosen the same way, but it takes a new
 * fit: the trainer fits the model it publishes with it.
 *
 * @param seeds              the user's newest distinct items that seed co-occurrence (0: none, the
 *                           source is off, as a node may be configured)
 * @param seedDecay          the seed at recency rank r weighs seedDecay^r (0: the newest only)
 * @param popularityHalfLife an interaction's share in popularity halves every this long
 * @param coOccurrence       how co-occurrence pairs items (window, damping, backward share, pair
 *                           half-life), or null: as configured
 */
public record SourceSettings(int seeds, double seedDecay, Duration popularityHalfLife,
                             CoOccurrencePairing coOccurrence) {

  /** Settings with co-occurrence paired as configured. */
  public SourceSettings(int seeds, double seedDecay, Duration popularityHalfLife) {
    this(seeds, seedDecay, popularityHalfLife, null);
  }

  public SourceSettings {
    if (seeds < 0) {
      throw new IllegalArgumentException("seeds must not be negative, was " + seeds);
    }
    if (!(seedDecay >= 0 && seedDecay <= 1)) {
      throw new IllegalArgumentException("seedDecay must be in [0, 1], was " + seedDecay);
    }
    if (popularityHalfLife == null || popularityHalfLife.isNegative() || popularityHalfLife.isZero()) {
      throw new IllegalArgumentException("popularityHalfLife must be positive, was " + popularityHalfLife);
    }
  }

  public SourceSettings withSeeds(int newSeeds) {
    return new SourceSettings(newSeeds, seedDecay, popularityHalfLife, coOccurrence);
  }

  public SourceSettings withSeedDecay(double newSeedDecay) {
    return new SourceSettings(seeds, newSeedDecay, popularityHalfLife, coOccurrence);
  }

  public SourceSettings withPopularityHalfLife(Duration newHalfLife) {
    return new SourceSettings(seeds, seedDecay, newHalfLife, coOccurrence);
  }

  public SourceSettings withCoOccurrence(CoOccurrencePairing newCoOccurrence) {
    return new SourceSettings(seeds, seedDecay, popularityHalfLife, newCoOccurrence);
  }

  /** How co-occurrence pairs items: {@code configured}, paired the chosen way if one was chosen. */
  public CoOccurrenceSettings coOccurrenceOr(CoOccurrenceSettings configured) {
    return coOccurrence == null ? configured : coOccurrence.applyTo(configured);
  }
}
