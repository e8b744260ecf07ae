package io.persona.models.retrieval;

/**
 * Solves the small symmetric positive definite systems that embedding fits reduce to: the normal
 * equations (VᵀCV + λI) x = VᵀCp of a regularised weighted least-squares problem, one d×d system
 * per user or item. Positive definite because λ > 0 is added to a sum of positively weighted outer
 * products, so Cholesky needs no pivoting.
 */
public final class CholeskySolver {
  private CholeskySolver() {}

  /**
   * Solves A x = b.
   *
   * @param a row-major n×n, only the lower triangle (c ≤ r) is read; overwritten by the Cholesky
   *          factor L (A = LLᵀ)
   * @param b the right-hand side, not modified
   * @return x
   */
  public static double[] solve(double[] a, double[] b, int n) {
    for (int j = 0; j < n; j++) {
      double diagonal = a[j * n + j];
      for (int k = 0; k < j; k++) {
        diagonal -= a[j * n + k] * a[j * n + k];
      }
      double ljj = Math.sqrt(diagonal);
      a[j * n + j] = ljj;
      for (int i = j + 1; i < n; i++) {
        double sum = a[i * n + j];
        for (int k = 0; k < j; k++) {
          sum -= a[i * n + k] * a[j * n + k];
        }
        a[i * n + j] = sum / ljj;
      }
    }
    // L y = b, then Lᵀ x = y.
    double[] x = b.clone();
    for (int i = 0; i < n; i++) {
      double sum = x[i];
      for (int k = 0; k < i; k++) {
        sum -= a[i * n + k] * x[k];
      }
      x[i] = sum / a[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double sum = x[i];
      for (int k = i + 1; k < n; k++) {
        sum -= a[k * n + i] * x[k];
      }
      x[i] = sum / a[i * n + i];
    }
    return x;
  }
}
