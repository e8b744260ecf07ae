package io.persona.simulations.quality;

/**
 * Whether items the user already interacted with may be recommended again, as the
 * {@code seen=exclude|include} setting of a recommendation request. With {@code EXCLUDE} they are
 * left out of the list and out of the relevant items too: a repeat can never be found by a list
 * that may not show it, so a user whose held-out items were all repeats is not scored.
 */
public enum SeenPolicy {
  EXCLUDE("exclude"),
  INCLUDE("include");

  private final String label;

  SeenPolicy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
