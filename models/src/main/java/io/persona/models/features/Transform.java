package io.persona.models.features;

/**
 * How a raw number becomes a model input: a non-finite raw value becomes {@code fallback}, the
 * shaped value is clamped to [min, max]. Clamping keeps one absurd count from saturating the
 * network; both repairs are counted so that they are visible, not silent.
 */
public record Transform(Shape shape, double fallback, double min, double max) {

  public enum Shape {
    IDENTITY,
    /** log(1 + x) for counts and durations: their tails span orders of magnitude. */
    LOG1P,
    /** sign(x) * log(1 + |x|): like LOG1P for quantities that may be negative (affinities). */
    SIGNED_LOG1P
  }

  public Transform {
    if (!(min <= max) || !Double.isFinite(fallback) || fallback < min || fallback > max) {
      throw new IllegalArgumentException("need min <= fallback <= max, all finite: " + min + ", " + fallback + ", " + max);
    }
  }

  public static Transform identity(double min, double max) {
    return new Transform(Shape.IDENTITY, Math.max(min, Math.min(max, 0)), min, max);
  }

  public static Transform log1p(double max) {
    return new Transform(Shape.LOG1P, 0, 0, max);
  }

  public static Transform signedLog1p(double bound) {
    return new Transform(Shape.SIGNED_LOG1P, 0, -bound, bound);
  }

  /** The model input for {@code raw}, repairs reported to {@code repairs}. */
  float apply(double raw, String feature, BadValueCounts repairs) {
    if (!Double.isFinite(raw)) {
      repairs.nonFinite(feature);
      return (float) fallback;
    }
    double shaped = switch (shape) {
      case IDENTITY -> raw;
      case LOG1P -> Math.log1p(Math.max(0, raw));
      case SIGNED_LOG1P -> Math.signum(raw) * Math.log1p(Math.abs(raw));
    };
    if (shaped < min || shaped > max) {
      repairs.clamped(feature);
      shaped = Math.max(min, Math.min(max, shaped));
    }
    return (float) shaped;
  }

  String describe() {
    return shape + "(" + fallback + "," + min + "," + max + ")";
  }
}
