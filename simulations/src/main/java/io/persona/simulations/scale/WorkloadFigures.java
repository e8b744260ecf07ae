package io.persona.simulations.scale;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A workload's figures in one phase: the median over its measured repetitions of throughput and of
 * each repetition's latency percentiles (a median resists the one repetition a compaction or a GC
 * of another JVM on the same cores happened to hit).
 */
record WorkloadFigures(double perSecond, double p50Millis, double p99Millis, long failures, List<LoadResult> repetitions) {

  static WorkloadFigures of(List<LoadResult> repetitions) {
    return new WorkloadFigures(
        median(repetitions, LoadResult::unitsPerSecond),
        median(repetitions, LoadResult::p50Millis),
        median(repetitions, LoadResult::p99Millis),
        repetitions.stream().mapToLong(LoadResult::failures).sum(),
        List.copyOf(repetitions));
  }

  private static double median(List<LoadResult> results, ToDoubleFunction<LoadResult> figure) {
    double[] values = results.stream().mapToDouble(figure).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  /** {@code this} over {@code baseline}: above 1 when this phase did better. */
  double throughputRatio(WorkloadFigures baseline) {
    return perSecond / baseline.perSecond;
  }

  @Override
  public String toString() {
    return String.format("%9.0f/s  p50 %7.1f ms  p99 %7.1f ms  failures %d  (runs: %s)", perSecond, p50Millis,
        p99Millis, failures, Arrays.toString(repetitions.stream().mapToLong(r -> Math.round(r.unitsPerSecond())).toArray()));
  }
}
