package io.persona.simulations.quality;

import io.persona.models.learning.LatentFactors;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Inner products u·v of one factor model for every item, computed once per user and kept: tuning
 * a blend scores the same users against the same factors dozens of times, and the products are
 * most of the cost.
 */
final class AlsScores {
  private final LatentFactors factors;
  private final AtomicReferenceArray<float[]> rows;

  AlsScores(LatentFactors factors) {
    this.factors = factors;
    this.rows = new AtomicReferenceArray<>(factors.users().length);
  }

  /** The user's score per item; null for a user without a factor. Do not modify. */
  float[] of(int user) {
    float[] row = rows.get(user);
    if (row == null) {
      float[] u = factors.users()[user];
      if (u == null) {
        return null;
      }
      float[][] items = factors.items();
      row = new float[items.length];
      for (int i = 0; i < items.length; i++) {
        row[i] = items[i] == null ? 0 : (float) dot(u, items[i]);
      }
      rows.compareAndSet(user, null, row);
    }
    return row;
  }

  /** Four partial sums: independent additions the CPU can overlap. */
  static double dot(float[] a, float[] b) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = a.length;
    int c = 0;
    for (; c + 3 < n; c += 4) {
      s0 += a[c] * b[c];
      s1 += a[c + 1] * b[c + 1];
      s2 += a[c + 2] * b[c + 2];
      s3 += a[c + 3] * b[c + 3];
    }
    for (; c < n; c++) {
      s0 += a[c] * b[c];
    }
    return s0 + s1 + s2 + s3;
  }
}
