package io.persona.simulations.quality;

import java.time.Duration;

/** Half-life decay and short duration labels for the results table. */
final class Durations {
  private Durations() {}

  /** 2^(−age/halfLife); a null half-life never decays. */
  static double decay(long ageMillis, Duration halfLife) {
    return halfLife == null ? 1 : Math.pow(0.5, (double) ageMillis / halfLife.toMillis());
  }

  static String text(Duration d) {
    if (d == null) {
      return "none";
    }
    if (d.toHours() % 24 == 0) {
      return d.toDays() + "d";
    }
    return d.toHours() + "h";
  }
}
