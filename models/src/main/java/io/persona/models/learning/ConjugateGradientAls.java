package io.persona.models.learning;

import io.persona.models.retrieval.CholeskySolver;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Implicit-feedback ALS (Hu, Koren &amp; Volinsky 2008: confidence c = 1 + alpha·strength on the
 * pairs with interactions, 1 with preference 0 everywhere else) where each row's least-squares
 * system is solved approximately by a few conjugate-gradient steps started from the row's current
 * value (Takács, Pilászy &amp; Tikk 2011). A sweep costs O(nnz·d·steps + rows·d²·steps) instead of
 * the O(nnz·d² + rows·d³) of exact solves, so a catalog of tens of thousands of items retrains in
 * seconds on two cores; rows are solved in parallel and independently, so the result does not
 * depend on the thread count.
 *
 * <p>Warm start: given the item factors of the previous training, the first sweep starts from
 * them instead of random ones. The new factors then stay in the previous coordinate system (ALS
 * is only defined up to a rotation; started afresh, two trainings on the same data give unrelated
 * coordinates), so item vectors of consecutive versions can be compared and mixed. Items new since
 * the previous training start from small random vectors.
 *
 * <p>{@link #foldIn} gives the exact factor of a user from their interactions with the items fixed,
 * the same system a sweep solves (including the VᵀV term over every item). Training ends with such
 * an exact user sweep, so a trained user's factor and their fold-in are the same vector.
 */
public final class ConjugateGradientAls {
  /** CG steps per row and sweep; 3 is the usual choice, more changes little once warm. */
  public static final int CG_STEPS = 3;

  private ConjugateGradientAls() {}

  /**
   * @param userItems     per user, the items interacted with (distinct)
   * @param userStrengths per user, the strength of each of those interactions (positive)
   * @param warmItems     item factors to start from (rows may be null), or null to start random
   */
  public static LatentFactors train(int items, int[][] userItems, float[][] userStrengths, AlsSettings settings,
                                    float[][] warmItems) {
    int d = settings.dimension();
    int users = userItems.length;
    // the transposed interactions: users per item
    int[] counts = new int[items];
    for (int[] row : userItems) {
      for (int i : row) {
        counts[i]++;
      }
    }
    int[][] itemUsers = new int[items][];
    float[][] itemStrengths = new float[items][];
    for (int i = 0; i < items; i++) {
      itemUsers[i] = new int[counts[i]];
      itemStrengths[i] = new float[counts[i]];
    }
    int[] fill = new int[items];
    for (int u = 0; u < users; u++) {
      for (int k = 0; k < userItems[u].length; k++) {
        int i = userItems[u][k];
        itemUsers[i][fill[i]] = u;
        itemStrengths[i][fill[i]++] = userStrengths[u][k];
      }
    }
    Random random = new Random(settings.seed());
    float[][] itemFactors = new float[items][d];
    double scale = 0.1 / Math.sqrt(d);
    for (int i = 0; i < items; i++) {
      float[] warm = warmItems != null && i < warmItems.length ? warmItems[i] : null;
      for (int c = 0; c < d; c++) {
        double r = random.nextGaussian() * scale; // drawn for every item: the sequence does not shift
        itemFactors[i][c] = warm != null ? warm[c] : (float) r;
      }
    }
    float[][] userFactors = new float[users][d];
    for (int iteration = 0; iteration < settings.iterations(); iteration++) {
      // users start from zero: their first sweep solves exactly, CG then only refines
      sweep(userFactors, itemFactors, userItems, userStrengths, settings, iteration == 0);
      sweep(itemFactors, userFactors, itemUsers, itemStrengths, settings, false);
    }
    // users solved exactly against the final items: a user folded in later with the same items and
    // interactions gets exactly their trained factor
    sweep(userFactors, itemFactors, userItems, userStrengths, settings, true);
    return new LatentFactors(userFactors, itemFactors);
  }

  /** VᵀV of the fixed side, full d×d, row-major. Cache it to fold in many users. */
  public static double[] gram(float[][] fixed, int d) {
    double[] g = new double[d * d];
    for (float[] v : fixed) {
      for (int r = 0; r < d; r++) {
        double vr = v[r];
        for (int c = 0; c <= r; c++) {
          g[r * d + c] += vr * v[c];
        }
      }
    }
    for (int r = 0; r < d; r++) {
      for (int c = r + 1; c < d; c++) {
        g[r * d + c] = g[c * d + r];
      }
    }
    return g;
  }

  /**
   * The exact factor of one row (a user) against fixed factors: the solution of
   * (VᵀV + Vᵀ(C−I)V + λI) u = VᵀC p, with c = 1 + alpha·strength on {@code others}.
   *
   * @param gram VᵀV of {@code fixed}, from {@link #gram}
   */
  public static float[] foldIn(float[][] fixed, double[] gram, int[] others, float[] strengths, AlsSettings settings) {
    int d = settings.dimension();
    double[] a = gram.clone();
    double[] b = new double[d];
    for (int k = 0; k < others.length; k++) {
      float[] v = fixed[others[k]];
      double extra = settings.alpha() * strengths[k];
      for (int r = 0; r < d; r++) {
        double wv = extra * v[r];
        for (int c = 0; c <= r; c++) {
          a[r * d + c] += wv * v[c];
        }
        b[r] += (1 + extra) * v[r];
      }
    }
    for (int r = 0; r < d; r++) {
      a[r * d + r] += settings.regularization();
    }
    double[] x = CholeskySolver.solve(a, b, d);
    float[] out = new float[d];
    for (int c = 0; c < d; c++) {
      out[c] = (float) x[c];
    }
    return out;
  }

  private static void sweep(float[][] solved, float[][] fixed, int[][] rows, float[][] strengths,
                            AlsSettings settings, boolean exact) {
    int d = settings.dimension();
    double[] gram = gram(fixed, d);
    IntStream.range(0, rows.length).parallel().forEach(r -> {
      if (rows[r].length == 0) {
        java.util.Arrays.fill(solved[r], 0);
      } else if (exact) {
        solved[r] = foldIn(fixed, gram, rows[r], strengths[r], settings);
      } else {
        conjugateGradient(solved[r], fixed, gram, rows[r], strengths[r], settings);
      }
    });
  }

  /** A few CG steps on the row's system, from its current value, in place. */
  private static void conjugateGradient(float[] x, float[][] fixed, double[] gram, int[] others, float[] strengths,
                                        AlsSettings settings) {
    int d = x.length;
    double alpha = settings.alpha();
    double lambda = settings.regularization();
    // r = b − A x, with b = Σ (1 + alpha·s) v and A x = VᵀV x + Σ alpha·s (v·x) v + λ x
    double[] residual = new double[d];
    multiply(gram, x, residual, d, lambda, -1);
    for (int k = 0; k < others.length; k++) {
      float[] v = fixed[others[k]];
      double extra = alpha * strengths[k];
      double vx = dot(v, x);
      double coefficient = (1 + extra) - extra * vx;
      for (int c = 0; c < d; c++) {
        residual[c] += coefficient * v[c];
      }
    }
    double[] p = residual.clone();
    double rr = dot(residual, residual);
    double[] ap = new double[d];
    for (int step = 0; step < CG_STEPS && rr > 1e-20; step++) {
      multiply(gram, p, ap, d, lambda, 1);
      for (int k = 0; k < others.length; k++) {
        float[] v = fixed[others[k]];
        double coefficient = alpha * strengths[k] * dot(v, p);
        for (int c = 0; c < d; c++) {
          ap[c] += coefficient * v[c];
        }
      }
      double stepSize = rr / dot(p, ap);
      for (int c = 0; c < d; c++) {
        x[c] += (float) (stepSize * p[c]);
        residual[c] -= stepSize * ap[c];
      }
      double next = dot(residual, residual);
      for (int c = 0; c < d; c++) {
        p[c] = residual[c] + next / rr * p[c];
      }
      rr = next;
    }
  }

  /** out = sign·(G y + λ y). */
  private static void multiply(double[] g, float[] y, double[] out, int d, double lambda, double sign) {
    for (int r = 0; r < d; r++) {
      double sum = lambda * y[r];
      for (int c = 0; c < d; c++) {
        sum += g[r * d + c] * y[c];
      }
      out[r] = sign * sum;
    }
  }

  private static void multiply(double[] g, double[] y, double[] out, int d, double lambda, double sign) {
    for (int r = 0; r < d; r++) {
      double sum = lambda * y[r];
      for (int c = 0; c < d; c++) {
        sum += g[r * d + c] * y[c];
      }
      out[r] = sign * sum;
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int c = 0; c < a.length; c++) {
      s += a[c] * b[c];
    }
    return s;
  }

  private static double dot(float[] a, double[] b) {
    double s = 0;
    for (int c = 0; c < a.length; c++) {
      s += a[c] * b[c];
    }
    return s;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int c = 0; c < a.length; c++) {
      s += a[c] * b[c];
    }
    return s;
  }
}
