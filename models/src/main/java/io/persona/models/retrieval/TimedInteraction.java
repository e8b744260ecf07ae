package io.persona.models.retrieval;

import java.util.Objects;

/**
 * One interaction of a user's history as the batch-trained retrieval models read it.
 *
 * @param strength how much the event teaches (event-type weight); 0 teaches nothing, and such an
 *                 event pairs with nothing
 */
public record TimedInteraction(String itemId, long atMillis, double strength) {

  public TimedInteraction {
    Objects.requireNonNull(itemId, "itemId");
    if (!(strength >= 0) || !Double.isFinite(strength)) {
      throw new IllegalArgumentException("strength must be finite and not negative, was " + strength);
    }
  }
}
