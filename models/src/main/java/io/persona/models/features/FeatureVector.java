package io.persona.models.features;

import java.util.Arrays;

/**
 * One row of model input exactly as scored: what the prediction log stores and what training
 * reads back, so training never recomputes a feature.
 */
public record FeatureVector(float[] dense, long[] sparse) {

  public FeatureVector {
    dense = dense.clone();
    sparse = sparse.clone();
  }

  @Override
  public float[] dense() {
    return dense.clone();
  }

  @Override
  public long[] sparse() {
    return sparse.clone();
  }

  float denseAt(int i) {
    return dense[i];
  }

  long sparseAt(int i) {
    return sparse[i];
  }

  int denseWidth() {
    return dense.length;
  }

  int sparseWidth() {
    return sparse.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureVector v && Arrays.equals(dense, v.dense) && Arrays.equals(sparse, v.sparse);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(dense) + Arrays.hashCode(sparse);
  }

  @Override
  public String toString() {
    return "FeatureVector[dense=" + Arrays.toString(dense) + ", sparse=" + Arrays.toString(sparse) + "]";
  }
}
