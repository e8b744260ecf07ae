package io.persona.models.retrieval;

import java.time.Duration;

/**
 * @param window     each interaction is paired with up to this many distinct items the same user
 *                   interacted with just before it (their recent history, not their whole life:
 *                   tastes and baskets drift)
 * @param halfLife   a pair counts 2^(−age/halfLife), its age taken from the later interaction;
 *                   null: no decay
 * @param damping    β of the asymmetric cosine C(i,j) / (n_i^(1−β) · n_j^β): 0 ranks a seed's
 *                   neighbours by conditional frequency (popular items first), 0.5 is cosine,
 *                   higher favours items bought mostly together with the seed
 * @param neighbours how many neighbours each item keeps (the strongest)
 * @param backward   how much a pair counts for the earlier item as a neighbour of the later one,
 *                   against 1 for the later item as a neighbour of the earlier: 1 pairs both ways
 *                   alike (a basket has no order), less favours what users go on to next (a
 *                   series, a sequence of films), 0 only that
 */
public record CoOccurrenceSettings(int window, Duration halfLife, double damping, int neighbours,
                                   double backward) {

  /** Pairs counted alike both ways ({@code backward} 1). */
  public CoOccurrenceSettings(int window, Duration halfLife, double damping, int neighbours) {
    this(window, halfLife, damping, neighbours, 1.0);
  }

  public CoOccurrenceSettings {
    if (window < 1 || neighbours < 1) {
      throw new IllegalArgumentException("window and neighbours must be positive: " + window + ", " + neighbours);
    }
    if (halfLife != null && (halfLife.isNegative() || halfLife.isZero())) {
      throw new IllegalArgumentException("halfLife must be positive or null, was " + halfLife);
    }
    if (!(damping >= 0 && damping <= 1)) {
      throw new IllegalArgumentException("damping must be in [0, 1], was " + damping);
    }
    if (!(backward >= 0 && backward <= 1)) {
      throw new IllegalArgumentException("backward must be in [0, 1], was " + backward);
    }
  }

  public CoOccurrenceSettings withWindow(int newWindow) {
    return new CoOccurrenceSettings(newWindow, halfLife, damping, neighbours, backward);
  }

  public CoOccurrenceSettings withDamping(double newDamping) {
    return new CoOccurrenceSettings(window, halfLife, newDamping, neighbours, backward);
  }

  public CoOccurrenceSettings withBackward(double newBackward) {
    return new CoOccurrenceSettings(window, halfLife, damping, neighbours, newBackward);
  }
}
