package io.persona.models.learning;

import java.util.Objects;

/**
 * Implicit feedback of one user on one item: how much they engaged (views, clicks, purchases
 * weighted and summed, or a decayed affinity), never how much they liked it. Several interactions
 * of the same pair add up.
 *
 * @param strength positive and finite; the confidence that the user prefers the item grows with it
 */
public record Interaction(String userId, String itemId, double strength) {

  public Interaction {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    if (!(strength > 0) || !Double.isFinite(strength)) {
      throw new IllegalArgumentException("strength must be positive and finite, was " + strength);
    }
  }
}
