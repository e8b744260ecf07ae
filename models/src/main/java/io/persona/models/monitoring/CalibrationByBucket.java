package io.persona.models.monitoring;

import io.persona.models.metrics.BinaryInputs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Predicted against observed rate per time bucket: the live check that served probabilities stay
 * calibrated. A model calibrated at training time drifts as traffic changes; a gap that opens in
 * the latest buckets is the signal, which an all-time reliability table would average away.
 */
public final class CalibrationByBucket {
  private CalibrationByBucket() {}

  /** One served prediction and whether it was answered by a positive outcome. */
  public record Row(Instant time, double predicted, int label) {
    public Row {
      Objects.requireNonNull(time, "time");
      BinaryInputs.requireProbability(predicted, "predicted");
      BinaryInputs.requireLabel(label);
    }
  }

  /**
   * @param bucket       start of the bucket, a multiple of the bucket length since the epoch
   * @param meanPredicted mean predicted probability of the bucket's rows
   * @param observedRate  share of the bucket's rows labelled 1
   */
  public record Bucket(Instant bucket, long n, double meanPredicted, double observedRate) {}

  /**
   * The non-empty buckets in time order. Buckets are aligned to the epoch, not to the first row,
   * so buckets computed on different nodes or days line up.
   */
  public static List<Bucket> of(List<Row> rows, Duration bucket) {
    long length = bucket.toMillis();
    if (length < 1) {
      throw new IllegalArgumentException("bucket must be at least 1 ms, was " + bucket);
    }
    Map<Long, double[]> sums = new TreeMap<>(); // start → {n, Σ predicted, Σ label}
    for (Row row : rows) {
      long start = Math.floorDiv(row.time().toEpochMilli(), length) * length;
      double[] s = sums.computeIfAbsent(start, k -> new double[3]);
      s[0]++;
      s[1] += row.predicted();
      s[2] += row.label();
    }
    List<Bucket> buckets = new ArrayList<>(sums.size());
    sums.forEach((start, s) -> buckets.add(new Bucket(Instant.ofEpochMilli(start), (long) s[0], s[1] / s[0], s[2] / s[0])));
    return buckets;
  }
}
