package io.persona.models.retrieval;

import java.time.Duration;
import java.util.Objects;

/**
 * How co-occurrence pairs items, as a history measurement may choose it: the part of
 * {@link CoOccurrenceSettings} that depends on the data. The number of neighbours stays the
 * operator's (a chosen pairing applies over whatever is configured now).
 *
 * @param window         each interaction pairs with up to this many distinct earlier items
 * @param damping        β of the asymmetric cosine
 * @param backward       the weight of a pair for the earlier item as a neighbour of the later one
 * @param halfLifeChosen whether {@code halfLife} was chosen; false for a pairing stored before the
 *                       pair half-life was searched, which keeps the configured one
 * @param halfLife       a pair's weight halves every this long (null: pairs never fade), when chosen
 */
public record CoOccurrencePairing(int window, double damping, double backward, boolean halfLifeChosen,
                                  Duration halfLife) {

  /** A pairing that keeps the configured pair half-life. */
  public CoOccurrencePairing(int window, double damping, double backward) {
    this(window, damping, backward, false, null);
  }

  public CoOccurrencePairing {
    new CoOccurrenceSettings(window, halfLife, damping, 1, backward); // checks the values
    if (!halfLifeChosen && halfLife != null) {
      throw new IllegalArgumentException("a half-life that was not chosen must be null, was " + halfLife);
    }
  }

  /** {@code settings}' window, damping and backward share, with the configured half-life. */
  public static CoOccurrencePairing of(CoOccurrenceSettings settings) {
    return new CoOccurrencePairing(settings.window(), settings.damping(), settings.backward());
  }

  /**
   * The one form of this pairing over {@code configured}: a chosen half-life equal to the configured
   * one is "the configured half-life", so two pairings that pair alike compare equal, and a pairing
   * chosen for its window (say) keeps following the operator's half-life.
   */
  public CoOccurrencePairing canonical(CoOccurrenceSettings configured) {
    return halfLifeChosen && Objects.equals(halfLife, configured.halfLife())
        ? new CoOccurrencePairing(window, damping, backward) : this;
  }

  /** {@code configured} paired this way. */
  public CoOccurrenceSettings applyTo(CoOccurrenceSettings configured) {
    return new CoOccurrenceSettings(window, halfLifeChosen ? halfLife : configured.halfLife(), damping,
        configured.neighbours(), backward);
  }

  /** Whether this pairing changes nothing of {@code configured}. */
  public boolean pairsAs(CoOccurrenceSettings configured) {
    return Objects.equals(applyTo(configured), configured);
  }

  public CoOccurrencePairing withWindow(int newWindow) {
    return new CoOccurrencePairing(newWindow, damping, backward, halfLifeChosen, halfLife);
  }

  public CoOccurrencePairing withDamping(double newDamping) {
    return new CoOccurrencePairing(window, newDamping, backward, halfLifeChosen, halfLife);
  }

  public CoOccurrencePairing withBackward(double newBackward) {
    return new CoOccurrencePairing(window, damping, newBackward, halfLifeChosen, halfLife);
  }

  /** Pairs fading with {@code newHalfLife} (null: never). */
  public CoOccurrencePairing withHalfLife(Duration newHalfLife) {
    return new CoOccurrencePairing(window, damping, backward, true, newHalfLife);
  }
}
