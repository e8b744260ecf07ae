package io.persona.simulations.learning;

import java.util.List;

/**
 * One item of the simulated catalog. Persona is told the id, title, category and tags; the latent
 * vector stays hidden in the simulator, so whatever Persona knows of it, it has learned from clicks.
 */
public record WorldItem(String itemId, String title, int category, List<String> tags, float[] latent) {

  /** The tag that, shown to a mobile user, adds to the click probability (a feature cross). */
  public static final String CHEAP = "cheap";

  public boolean cheap() {
    return tags.contains(CHEAP);
  }
}
