package io.persona.models.retrieval;

import io.persona.models.catalog.Item;
import io.persona.models.hashing.StableHash;

/**
 * An embedding for an item no model has seen yet, from its attributes alone: a pseudo-random
 * unit direction per category, plus a smaller one per tag, summed and normalized. Items of one
 * category therefore point roughly the same way (and sharing tags brings them closer still), so
 * nearest-neighbour search finds a new item next to its category until training places it.
 *
 * <p>The directions come from a seeded hash of the names, not from {@link String#hashCode()} or a
 * {@link java.util.Random}: the same item gets the same embedding on every node and after every
 * restart, which the persisted vector index relies on.
 */
public final class ColdStartEmbeddings {
  private static final double CATEGORY_WEIGHT = 1.0;
  /** What all of an item's tags weigh together; each of n tags weighs this over √n. */
  private static final double TAGS_WEIGHT = 0.5;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private final int dimension;
  private final long seed;

  public ColdStartEmbeddings(int dimension, long seed) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive");
    }
    this.dimension = dimension;
    this.seed = seed;
  }

  /** The item's embedding, L2-normalized. */
  public float[] of(Item item) {
    double[] sum = new double[dimension];
    addDirection(sum, "category", item.category(), CATEGORY_WEIGHT);
    if (!item.tags().isEmpty()) {
      double tagWeight = TAGS_WEIGHT / Math.sqrt(item.tags().size());
      for (String tag : item.tags()) {
        addDirection(sum, "tag", tag, tagWeight);
      }
    }
    double norm = Math.sqrt(dot(sum, sum));
    float[] embedding = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      embedding[i] = (float) (sum[i] / norm);
    }
    return embedding;
  }

  /**
   * Adds {@code weight} times the unit direction of ({@code kind}, {@code name}): Gaussian
   * components (so the direction is uniform on the sphere) drawn from a SplitMix64 stream seeded
   * by an FNV-1a hash of the seed, kind and name. {@link StrictMath}, because {@link Math}'s
   * log and trigonometry may differ in the last bit between JVMs and CPUs.
   */
  private void addDirection(double[] sum, String kind, String name, double weight) {
    long state = hash(hash(FNV_OFFSET ^ seed, kind) * FNV_PRIME, name);
    double[] direction = new double[dimension];
    for (int i = 0; i < dimension; i += 2) {
      // Box-Muller: two uniforms in (0, 1] give two independent standard normals.
      state += GOLDEN_GAMMA;
      double u1 = uniform(StableHash.mix64(state));
      state += GOLDEN_GAMMA;
      double u2 = uniform(StableHash.mix64(state));
      double radius = Math.sqrt(-2 * StrictMath.log(u1));
      direction[i] = radius * StrictMath.cos(2 * Math.PI * u2);
      if (i + 1 < dimension) {
        direction[i + 1] = radius * StrictMath.sin(2 * Math.PI * u2);
      }
    }
    double scale = weight / Math.sqrt(dot(direction, direction));
    for (int i = 0; i < dimension; i++) {
      sum[i] += direction[i] * scale;
    }
  }

  /** FNV-1a over the UTF-16 units, then a terminator so that ("ab", "c") differs from ("a", "bc"). */
  private static long hash(long h, String text) {
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * FNV_PRIME;
    }
    return (h ^ 0xff) * FNV_PRIME;
  }

  /** The top 53 bits as a double in (0, 1]: never 0, whose logarithm Box-Muller cannot take. */
  private static double uniform(long bits) {
    return ((bits >>> 11) + 1) * 0x1.0p-53;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
