package io.persona.models.features;

import java.util.List;
import java.util.Objects;

/**
 * Rows of model input in two flat row-major arrays: the layout a tensor is created from without
 * copying row by row. {@code keys} name each row's item (for popularity baselines and logs); they
 * are not model input.
 */
public final class FeatureBatch {
  private final int rows;
  private final int denseWidth;
  private final int sparseWidth;
  private final float[] dense;
  private final long[] sparse;
  private final String[] keys;

  public FeatureBatch(int rows, int denseWidth, int sparseWidth, float[] dense, long[] sparse, String[] keys) {
    if (dense.length != rows * denseWidth || sparse.length != rows * sparseWidth || keys.length != rows) {
      throw new IllegalArgumentException("array lengths do not match " + rows + " rows of "
          + denseWidth + " dense and " + sparseWidth + " sparse columns");
    }
    this.rows = rows;
    this.denseWidth = denseWidth;
    this.sparseWidth = sparseWidth;
    this.dense = dense;
    this.sparse = sparse;
    this.keys = keys;
  }

  /** A batch of logged rows; {@code keys} may be null when no row needs a name. */
  public static FeatureBatch of(List<FeatureVector> vectors, List<String> keys) {
    if (vectors.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one row");
    }
    int d = vectors.get(0).denseWidth();
    int s = vectors.get(0).sparseWidth();
    float[] dense = new float[vectors.size() * d];
    long[] sparse = new long[vectors.size() * s];
    String[] names = new String[vectors.size()];
    for (int r = 0; r < vectors.size(); r++) {
      FeatureVector v = vectors.get(r);
      if (v.denseWidth() != d || v.sparseWidth() != s) {
        throw new IllegalArgumentException("row " + r + " has another width than row 0");
      }
      for (int c = 0; c < d; c++) {
        dense[r * d + c] = v.denseAt(c);
      }
      for (int c = 0; c < s; c++) {
        sparse[r * s + c] = v.sparseAt(c);
      }
      names[r] = keys == null ? "" : Objects.requireNonNull(keys.get(r), "key");
    }
    return new FeatureBatch(vectors.size(), d, s, dense, sparse, names);
  }

  public int rows() {
    return rows;
  }

  public int denseWidth() {
    return denseWidth;
  }

  public int sparseWidth() {
    return sparseWidth;
  }

  /** The backing array, not a copy: callers must not modify it. */
  public float[] denseValues() {
    return dense;
  }

  /** The backing array, not a copy: callers must not modify it. */
  public long[] sparseIds() {
    return sparse;
  }

  public String key(int row) {
    return keys[row];
  }

  public FeatureVector row(int r) {
    float[] d = new float[denseWidth];
    long[] s = new long[sparseWidth];
    System.arraycopy(dense, r * denseWidth, d, 0, denseWidth);
    System.arraycopy(sparse, r * sparseWidth, s, 0, sparseWidth);
    return new FeatureVector(d, s);
  }

  /** The rows at {@code indices}, in that order (used for mini-batches and downsampling). */
  public FeatureBatch select(int[] indices) {
    float[] d = new float[indices.length * denseWidth];
    long[] s = new long[indices.length * sparseWidth];
    String[] k = new String[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int r = indices[i];
      System.arraycopy(dense, r * denseWidth, d, i * denseWidth, denseWidth);
      System.arraycopy(sparse, r * sparseWidth, s, i * sparseWidth, sparseWidth);
      k[i] = keys[r];
    }
    return new FeatureBatch(indices.length, denseWidth, sparseWidth, d, s, k);
  }

  public FeatureBatch slice(int from, int to) {
    int[] indices = new int[to - from];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = from + i;
    }
    return select(indices);
  }
}
