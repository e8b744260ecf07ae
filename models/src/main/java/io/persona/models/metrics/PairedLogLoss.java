package io.persona.models.metrics;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Two models' log-losses on the same labelled rows, with a paired bootstrap of their difference.
 * Each row's loss under one model is correlated with its loss under the other (a hard row is hard
 * for both), so the rows are resampled as pairs: the spread of the resampled mean differences is
 * the spread of the difference itself, much narrower than two separate errors. Log-loss has no
 * closed-form paired error like DeLong's for AUC, and its per-row terms are heavy-tailed (one
 * confident miss costs ~16), which the bootstrap follows without a normality assumption.
 *
 * <p>The resampling is seeded, so the same rows always give the same bound: a gate decision can
 * be reproduced from the logged rows.
 */
public final class PairedLogLoss {
  /** Enough resamples for a stable 95 % percentile (about 50 lie beyond it). */
  public static final int DEFAULT_RESAMPLES = 1_000;
  private static final long SEED = 0x5eed_1055L;

  private final double challenger;
  private final double champion;
  private final double[] sortedResampledDifferences;

  private PairedLogLoss(double challenger, double champion, double[] sortedResampledDifferences) {
    this.challenger = challenger;
    this.champion = champion;
    this.sortedResampledDifferences = sortedResampledDifferences;
  }

  /** Paired bootstrap with {@link #DEFAULT_RESAMPLES} resamples. */
  public static PairedLogLoss of(double[] challengerProbabilities, double[] championProbabilities, int[] labels) {
    return of(challengerProbabilities, championProbabilities, labels, DEFAULT_RESAMPLES);
  }

  /**
   * @param challengerProbabilities the first model's probabilities (calibrated: log-loss judges them)
   * @param championProbabilities   the second model's, for the same rows in the same order
   * @param resamples               bootstrap resamples; 0 gives the point difference only
   */
  public static PairedLogLoss of(double[] challengerProbabilities, double[] championProbabilities, int[] labels,
                                 int resamples) {
    Objects.requireNonNull(labels, "labels");
    BinaryInputs.requireProbabilities(challengerProbabilities, labels);
    BinaryInputs.requireProbabilities(championProbabilities, labels);
    if (resamples < 0) {
      throw new IllegalArgumentException("resamples must not be negative: " + resamples);
    }
    int n = labels.length;
    if (n == 0) {
      return new PairedLogLoss(Double.NaN, Double.NaN, new double[0]);
    }
    double[] differences = new double[n];
    double challengerSum = 0.0;
    double championSum = 0.0;
    for (int i = 0; i < n; i++) {
      double a = rowLoss(challengerProbabilities[i], labels[i]);
      double b = rowLoss(championProbabilities[i], labels[i]);
      challengerSum += a;
      championSum += b;
      differences[i] = a - b;
    }
    SplittableRandom random = new SplittableRandom(SEED);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0.0;
      for (int i = 0; i < n; i++) {
        sum += differences[random.nextInt(n)];
      }
      means[r] = sum / n;
    }
    Arrays.sort(means);
    return new PairedLogLoss(challengerSum / n, championSum / n, means);
  }

  /**
   * Two log-losses known without sampling error (no resamples: every bound is the point
   * difference), e.g. from a population rather than a sample.
   */
  public static PairedLogLoss ofPointValues(double challenger, double champion) {
    return new PairedLogLoss(challenger, champion, new double[0]);
  }

  /** The same clipping as {@link BinaryMetrics#logLoss}, so the means equal it. */
  private static double rowLoss(double probability, int label) {
    double p = Math.min(Math.max(probability, BinaryMetrics.EPSILON), 1.0 - BinaryMetrics.EPSILON);
    return label == 1 ? -Math.log(p) : -Math.log1p(-p);
  }

  public double challenger() {
    return challenger;
  }

  public double champion() {
    return champion;
  }

  /** challenger − champion: negative when the challenger's probabilities are better. */
  public double difference() {
    return challenger - champion;
  }

  public int resamples() {
    return sortedResampledDifferences.length;
  }

  /**
   * The one-sided upper confidence bound of the difference (percentile bootstrap): with this
   * confidence the challenger's log-loss exceeds the champion's by no more than this. At 0.5, or
   * without resamples, the point difference.
   */
  public double upperBound(double confidence) {
    if (!(confidence >= 0.5 && confidence < 1.0)) {
      throw new IllegalArgumentException("confidence must be in [0.5, 1): " + confidence);
    }
    if (confidence == 0.5 || sortedResampledDifferences.length == 0) {
      return difference();
    }
    int index = (int) Math.ceil(confidence * sortedResampledDifferences.length) - 1;
    return sortedResampledDifferences[Math.max(0, index)];
  }

  /** The bootstrap standard error of the difference (0 without resamples), for reports. */
  public double standardError() {
    int r = sortedResampledDifferences.length;
    if (r < 2) {
      return 0.0;
    }
    double mean = Arrays.stream(sortedResampledDifferences).average().orElseThrow();
    double sum = 0.0;
    for (double d : sortedResampledDifferences) {
      sum += (d - mean) * (d - mean);
    }
    return Math.sqrt(sum / (r - 1));
  }
}
