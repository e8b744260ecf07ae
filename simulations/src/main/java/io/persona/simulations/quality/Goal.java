package io.persona.simulations.quality;

import java.util.Comparator;
import java.util.List;

/**
 * The goal of issue 13 on one protocol and seen policy: the served lists' HR@10 at least
 * {@value #OVER_MOST_POPULAR}× most-popular's and {@value #OVER_BEST_BASELINE}× the best baseline's
 * of the same run. Served is whatever the benchmark reports as served: the offline candidate chosen
 * on validation, or a running node's answers.
 */
public record Goal(MethodRow mostPopular, MethodRow bestBaseline, MethodRow served) {
  public static final double OVER_MOST_POPULAR = 2.5;
  public static final double OVER_BEST_BASELINE = 1.25;

  /** The goal for {@code served} against the baselines among {@code rows} with the same seen policy. */
  public static Goal of(List<MethodRow> rows, SeenPolicy seen, MethodRow served) {
    List<MethodRow> baselines = rows.stream()
        .filter(r -> r.seen() == seen && r.role().equals(MethodRow.BASELINE)).toList();
    MethodRow mostPopular = baselines.stream().filter(r -> r.label().equals("most-popular")).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no most-popular row for seen=" + seen.label()));
    MethodRow best = baselines.stream().max(Comparator.comparingDouble(r -> r.test().all().hitRate())).orElseThrow();
    return new Goal(mostPopular, best, served);
  }

  public double overMostPopular() {
    return served.test().all().hitRate() / mostPopular.test().all().hitRate();
  }

  public double overBestBaseline() {
    return served.test().all().hitRate() / bestBaseline.test().all().hitRate();
  }

  public boolean met() {
    return overMostPopular() >= OVER_MOST_POPULAR && overBestBaseline() >= OVER_BEST_BASELINE;
  }
}
