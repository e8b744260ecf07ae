package io.persona.models.retrieval;

/**
 * How co-occurrence pairs items, as a history measurement may choose it: the part of
 * {@link CoOccurrenceSettings} that depends on the data. The pair half-life and the number of
 * neighbours stay the operator's (a chosen pairing applies over whatever is configured now).
 *
 * @param window   each interaction pairs with up to this many distinct earlier items
 * @param damping  β of the asymmetric cosine
 * @param backward the weight of a pair for the earlier item as a neighbour of the later one
 */
public record CoOccurrencePairing(int window, double damping, double backward) {

  public CoOccurrencePairing {
    new CoOccurrenceSettings(window, null, damping, 1, backward); // checks the values
  }

  public static CoOccurrencePairing of(CoOccurrenceSettings settings) {
    return new CoOccurrencePairing(settings.window(), settings.damping(), settings.backward());
  }

  /** {@code configured} paired this way. */
  public CoOccurrenceSettings applyTo(CoOccurrenceSettings configured) {
    return new CoOccurrenceSettings(window, configured.halfLife(), damping, configured.neighbours(), backward);
  }

  public CoOccurrencePairing withWindow(int newWindow) {
    return new CoOccurrencePairing(newWindow, damping, backward);
  }

  public CoOccurrencePairing withDamping(double newDamping) {
    return new CoOccurrencePairing(window, newDamping, backward);
  }

  public CoOccurrencePairing withBackward(double newBackward) {
    return new CoOccurrencePairing(window, damping, newBackward);
  }
}
