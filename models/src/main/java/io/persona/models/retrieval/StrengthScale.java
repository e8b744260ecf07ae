package io.persona.models.retrieval;

import java.util.Locale;

/**
 * How a user's summed interaction strength with an item becomes ALS confidence (c = 1 + α·scaled).
 * Training and the online fold-in must use the same scale, or a folded-in user would not live in
 * the space the items were trained for. {@code log1p} keeps a few items bought fifty times from
 * outweighing everything else a user did; the offline benchmark never saw raw sums win a tuning on
 * Online Retail.
 */
public enum StrengthScale {
  RAW {
    @Override
    public double apply(double strength) {
      return strength;
    }
  },
  LOG1P {
    @Override
    public double apply(double strength) {
      return Math.copySign(Math.log1p(Math.abs(strength)), strength);
    }
  };

  /** The scaled strength, with the sign kept (a negative strength is a dislike). */
  public abstract double apply(double strength);

  /** The setting's spelling: {@code raw} or {@code log1p}. */
  public static StrengthScale parse(String name) {
    for (StrengthScale s : values()) {
      if (s.name().toLowerCase(Locale.ROOT).equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("strength scale must be raw or log1p, was " + name);
  }
}
