package io.persona.models.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * A reliability diagram in table form: predictions grouped into bins, and for each bin the mean
 * predicted probability next to the observed positive rate. A calibrated model has the two equal in
 * every bin; the expected calibration error (ECE) summarizes the gaps weighted by bin size.
 *
 * <p>Two binnings, because neither works everywhere:
 *
 * <ul>
 *   <li>{@link #of} uses equal-width bins over [0, 1]. Easy to read and comparable across models,
 *       but with rare positives (CTR ~ 1%) nearly every prediction lands in the first bin, and the
 *       table says nothing about the region that matters.
 *   <li>{@link #ofQuantiles} uses equal-count bins over the sorted predictions, so every bin has
 *       about n / binCount examples and the low-probability region is resolved finely.
 * </ul>
 *
 * @param bins the non-empty bins in ascending order of prediction (an empty bin has no mean to
 *     report, so it is left out)
 * @param expectedCalibrationError Σ over bins of (count / n) · |meanPredicted − observedRate|
 */
public record ReliabilityTable(List<Bin> bins, double expectedCalibrationError) {

  public ReliabilityTable {
    bins = List.copyOf(bins);
  }

  /**
   * One bin.
   *
   * @param lower for equal-width bins the lower edge (inclusive); for equal-count bins the smallest
   *     prediction in the bin
   * @param upper for equal-width bins the upper edge (exclusive, except 1.0 for the last bin); for
   *     equal-count bins the largest prediction in the bin
   * @param count how many examples fell into the bin (at least 1)
   * @param meanPredicted mean predicted probability in the bin
   * @param observedRate fraction of positive labels in the bin
   */
  public record Bin(
      double lower, double upper, long count, double meanPredicted, double observedRate) {}

  /**
   * Equal-width bins: bin i covers [i / binCount, (i + 1) / binCount), and p = 1.0 goes into the
   * last bin.
   */
  public static ReliabilityTable of(double[] probabilities, int[] labels, int binCount) {
    BinaryInputs.requireProbabilities(probabilities, labels);
    requireBinCount(binCount);
    long[] counts = new long[binCount];
    double[] predictedSums = new double[binCount];
    long[] positives = new long[binCount];
    for (int i = 0; i < probabilities.length; i++) {
      int bin = Math.min((int) (probabilities[i] * binCount), binCount - 1);
      counts[bin]++;
      predictedSums[bin] += probabilities[i];
      positives[bin] += labels[i];
    }
    List<Bin> bins = new ArrayList<>();
    for (int b = 0; b < binCount; b++) {
      if (counts[b] > 0) {
        bins.add(
            new Bin(
                (double) b / binCount,
                (double) (b + 1) / binCount,
                counts[b],
                predictedSums[b] / counts[b],
                (double) positives[b] / counts[b]));
      }
    }
    return new ReliabilityTable(bins, ece(bins, probabilities.length));
  }

  /**
   * Equal-count bins: predictions sorted ascending and cut into {@code binCount} runs of about n /
   * binCount. Equal predictions are never split across bins (the cut moves to the end of the tie),
   * so heavily tied input can give fewer than {@code binCount} bins.
   */
  public static ReliabilityTable ofQuantiles(double[] probabilities, int[] labels, int binCount) {
    BinaryInputs.requireProbabilities(probabilities, labels);
    requireBinCount(binCount);
    DistinctScores groups = DistinctScores.of(probabilities, labels);
    long n = groups.total();

    List<Bin> bins = new ArrayList<>();
    int bin = 1; // the bin being filled; it closes once the running count reaches n·bin/binCount
    long cumulative = 0;
    int first = 0;
    long count = 0;
    double predictedSum = 0.0;
    long positives = 0;
    for (int g = 0; g < groups.size(); g++) {
      cumulative += groups.count(g);
      count += groups.count(g);
      predictedSum += groups.score(g) * groups.count(g);
      positives += groups.positives(g);
      if (cumulative >= n * bin / binCount) {
        bins.add(
            new Bin(
                groups.score(first),
                groups.score(g),
                count,
                predictedSum / count,
                (double) positives / count));
        // a tie that ran past later cut points swallowed their bins
        while (bin < binCount && n * bin / binCount <= cumulative) {
          bin++;
        }
        first = g + 1;
        count = 0;
        predictedSum = 0.0;
        positives = 0;
      }
    }
    return new ReliabilityTable(bins, ece(bins, n));
  }

  private static double ece(List<Bin> bins, long n) {
    double sum = 0.0;
    for (Bin bin : bins) {
      sum += (double) bin.count() / n * Math.abs(bin.meanPredicted() - bin.observedRate());
    }
    return sum;
  }

  private static void requireBinCount(int binCount) {
    if (binCount < 1) {
      throw new IllegalArgumentException("binCount must be at least 1, got " + binCount);
    }
  }
}
