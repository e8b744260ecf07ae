package io.persona.models.features;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One declared model input. Dense kinds fill float columns, sparse kinds fill one hashed id each.
 * {@link #describe()} is what the spec fingerprint covers: change a feature's meaning and bump its
 * {@code revision} so that models trained on the old meaning are refused.
 */
public sealed interface Feature
    permits Feature.Numeric, Feature.Vector, Feature.Categorical, Feature.Crossed {

  String name();

  FeatureGroup group();

  String describe();

  /** One number, shaped by a {@link Transform}. */
  record Numeric(String name, FeatureGroup group, int revision, Transform transform,
                 ToDoubleFunction<FeatureSource> extractor) implements Feature {
    @Override
    public String describe() {
      return "numeric:" + name + ":" + group + ":r" + revision + ":" + transform.describe();
    }
  }

  /**
   * A fixed-length vector (an embedding). Missing or wrong-length vectors become zeros and are
   * counted; components are clamped to [-bound, bound].
   */
  record Vector(String name, FeatureGroup group, int revision, int dimension, double bound,
                Function<FeatureSource, float[]> extractor) implements Feature {
    public Vector {
      if (dimension < 1 || !(bound > 0)) {
        throw new IllegalArgumentException("vector feature " + name + " needs dimension >= 1 and bound > 0");
      }
    }

    @Override
    public String describe() {
      return "vector:" + name + ":" + group + ":r" + revision + ":" + dimension + ":" + bound;
    }
  }

  /** A string value hashed into the shared embedding table; null means "missing", itself a value. */
  record Categorical(String name, FeatureGroup group, int revision,
                     Function<FeatureSource, String> extractor) implements Feature {
    @Override
    public String describe() {
      return "categorical:" + name + ":" + group + ":r" + revision;
    }
  }

  /**
   * The pair of two categorical values as one hashed id: gives linear models the interactions a
   * cross network learns by itself.
   */
  record Crossed(String name, Categorical left, Categorical right) implements Feature {
    @Override
    public FeatureGroup group() {
      return FeatureGroup.CROSS;
    }

    @Override
    public String describe() {
      return "crossed:" + name + ":" + left.describe() + "x" + right.describe();
    }
  }
}
