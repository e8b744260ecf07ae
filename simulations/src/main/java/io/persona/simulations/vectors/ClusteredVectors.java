package io.persona.simulations.vectors;

import io.persona.models.retrieval.ItemVectorIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A catalog of item vectors grouped around 200 category centroids, with lengths that vary as a
 * factorization's do (popular items longer), and user-like queries mixing two categories: the
 * shape of a trained table, which is what makes a graph's recall differ from a uniform cloud's.
 */
final class ClusteredVectors {
  private static final int CATEGORIES = 200;
  private static final double NOISE = 0.35;

  private final int items;
  private final int dimension;
  private final long seed;
  private final float[][] centroids;

  ClusteredVectors(int items, int dimension, long seed) {
    this.items = items;
    this.dimension = dimension;
    this.seed = seed;
    Random random = new Random(seed);
    centroids = new float[CATEGORIES][];
    for (int c = 0; c < CATEGORIES; c++) {
      centroids[c] = unit(gaussian(random, 1.0, null));
    }
  }

  static String itemId(int item) {
    return "vb-i" + item;
  }

  float[] vector(int item) {
    Random random = new Random(seed * 7_919L + item);
    float[] v = unit(gaussian(random, NOISE, centroids[item % CATEGORIES]));
    double length = 0.5 + random.nextDouble() * 1.5; // a factorization's lengths spread
    for (int i = 0; i < dimension; i++) {
      v[i] *= (float) length;
    }
    return v;
  }

  /** An index in {@code directory} holding every item, refreshed so the graph sees them all. */
  ItemVectorIndex index(Path directory, int bruteForceBelow) {
    ItemVectorIndex index = VectorSearchBenchmark.open(directory, dimension, bruteForceBelow);
    for (int item = 0; item < items; item++) {
      index.upsert(itemId(item), vector(item));
    }
    index.commit();
    return index;
  }

  /** User-like queries: mostly one category's direction, partly another's. */
  float[][] queries(int count) {
    Random random = new Random(seed + 1);
    float[][] queries = new float[count][];
    for (int q = 0; q < count; q++) {
      float[] a = centroids[random.nextInt(CATEGORIES)];
      float[] b = centroids[random.nextInt(CATEGORIES)];
      float[] v = gaussian(random, 0.3, null);
      for (int i = 0; i < dimension; i++) {
        v[i] += 0.7f * a[i] + 0.3f * b[i];
      }
      queries[q] = v;
    }
    return queries;
  }

  /** A user's own items, as the seen filter turns them away. */
  Set<String> seenSample(int count) {
    Random random = new Random(seed + 2);
    Set<String> seen = new HashSet<>();
    while (seen.size() < Math.min(count, items)) {
      seen.add(itemId(random.nextInt(items)));
    }
    return seen;
  }

  static void delete(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private float[] gaussian(Random random, double scale, float[] around) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) (random.nextGaussian() * scale) + (around == null ? 0 : around[i]);
    }
    return v;
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return v;
  }
}
