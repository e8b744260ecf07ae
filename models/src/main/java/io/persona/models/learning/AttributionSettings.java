package io.persona.models.learning;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * How served slates and outcomes are joined into training examples.
 *
 * <p>The join of one owned interval [from, to) depends only on slates and outcomes within a few
 * windows of it, so an interval can be joined once {@code to + window} has passed, and joining
 * consecutive intervals gives exactly what one join of their union would. The methods below name
 * the data a caller must pass for that to hold; see {@link ExampleJoin} for why each bound is
 * where it is.
 *
 * @param window        an outcome recorded within this long after a slate was served labels the
 *                      slate's impression; also how far apart two copies of one event may be
 *                      recorded and still be recognised as copies
 * @param positiveTypes event types that count as a positive outcome ("click", "purchase", ...)
 * @param negativeRate  share of training-stream negatives kept, in (0, 1]
 * @param holdoutShare  share of slates (by a hash of requestId) held out for calibration and
 *                      evaluation, in [0, 1)
 */
public record AttributionSettings(Duration window, Set<String> positiveTypes, double negativeRate,
                                  double holdoutShare) {

  public AttributionSettings {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    positiveTypes = Set.copyOf(positiveTypes);
    if (positiveTypes.isEmpty()) {
      throw new IllegalArgumentException("at least one positive event type is needed");
    }
    if (!(negativeRate > 0 && negativeRate <= 1)) {
      throw new IllegalArgumentException("negativeRate must be in (0, 1], was " + negativeRate);
    }
    if (!(holdoutShare >= 0 && holdoutShare < 1)) {
      throw new IllegalArgumentException("holdoutShare must be in [0, 1), was " + holdoutShare);
    }
  }

  /**
   * Oldest slate the join of [ownedFrom, ...) needs: an outcome recorded at the start of the
   * interval can be late (and counted so) for a slate served up to two windows earlier.
   */
  public Instant slatesFrom(Instant ownedFrom) {
    return ownedFrom.minus(window).minus(window);
  }

  /**
   * End (exclusive) of the slates the join of [..., ownedTo) needs: an outcome recorded after the
   * interval goes to the user's most recent slate, which may be served after the interval too.
   */
  public Instant slatesUntil(Instant ownedTo) {
    return ownedTo.plus(window);
  }

  /** Oldest outcome the join needs: a copy of an event is recognised against copies up to a window older. */
  public Instant outcomesFrom(Instant ownedFrom) {
    return ownedFrom.minus(window);
  }

  /** End (exclusive) of the outcomes the join needs: the last owned slate's window. */
  public Instant outcomesUntil(Instant ownedTo) {
    return ownedTo.plus(window);
  }
}
