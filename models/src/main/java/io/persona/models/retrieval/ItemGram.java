package io.persona.models.retrieval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * VᵀV over a changing set of item vectors (the trained ones), kept current by rank-one updates so
 * that a user's exact fold-in never pays O(items·d²) per request. Implicit ALS counts every item a
 * user did not touch as a preference of 0 with confidence 1; VᵀV is that term, shared by all
 * users (Hu, Koren &amp; Volinsky 2008).
 *
 * <p>Writes are serialized; {@link #snapshot()} hands readers an immutable copy made at most once
 * per change, so requests between catalog updates share one array.
 */
public final class ItemGram {
  private final int dimension;
  private final Map<String, float[]> members = new HashMap<>();
  /** Lower triangle, row-major, of Σ v vᵀ in double precision. */
  private final double[] sum;
  private volatile Snapshot snapshot;

  /** VᵀV frozen at one moment, and which items it covers. */
  public record Snapshot(double[] lowerTriangle, java.util.Set<String> items) {
    /** Whether {@code itemId}'s vector is part of VᵀV. */
    public boolean covers(String itemId) {
      return items.contains(itemId);
    }
  }

  public ItemGram(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive");
    }
    this.dimension = dimension;
    this.sum = new double[dimension * dimension];
    this.snapshot = new Snapshot(sum.clone(), java.util.Set.of());
  }

  /** Adds {@code vector} for {@code itemId}, replacing (subtracting) the one it had. */
  public synchronized void put(String itemId, float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException("vector has " + vector.length + " dimensions, the Gram matrix " + dimension);
    }
    float[] previous = members.put(itemId, vector.clone());
    if (previous != null) {
      addOuter(previous, -1);
    }
    addOuter(vector, 1);
    snapshot = null;
  }

  public synchronized void remove(String itemId) {
    float[] previous = members.remove(itemId);
    if (previous != null) {
      addOuter(previous, -1);
      snapshot = null;
    }
  }

  public Snapshot snapshot() {
    Snapshot current = snapshot;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (snapshot == null) {
        snapshot = new Snapshot(Arrays.copyOf(sum, sum.length), java.util.Set.copyOf(members.keySet()));
      }
      return snapshot;
    }
  }

  private void addOuter(float[] v, int sign) {
    for (int r = 0; r < dimension; r++) {
      double sv = sign * (double) v[r];
      for (int c = 0; c <= r; c++) {
        sum[r * dimension + c] += sv * v[c];
      }
    }
  }
}
