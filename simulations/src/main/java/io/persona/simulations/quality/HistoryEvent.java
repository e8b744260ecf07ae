package io.persona.simulations.quality;

import java.time.Instant;
import java.util.Objects;

/**
 * One interaction of a real history, in the shape every dataset is read into: who, what, which
 * kind of interaction, when, and the amount the kind carries.
 *
 * @param type  an event type as Persona names them ({@code view}, {@code click},
 *              {@code add_to_cart}, {@code purchase}, {@code rating}) or a custom one
 * @param value the rating (1-5), the quantity bought or another amount of the type; 1 when the
 *              source has none
 */
public record HistoryEvent(String userId, String itemId, String type, Instant timestamp, double value) {

  public HistoryEvent {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, was " + value);
    }
  }
}
