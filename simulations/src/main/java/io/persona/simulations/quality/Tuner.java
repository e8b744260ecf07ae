package io.persona.simulations.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Tunes a method's parameters on a validation split by coordinate search: one parameter at a time,
 * every listed value is tried with the others held, and the best is kept (only a strictly higher
 * HR@K moves it, so among equals the earlier, usually simpler, value stays). Passes repeat over all
 * parameters. A configuration tried twice is evaluated once.
 */
final class Tuner {

  /** One parameter: each variant sets it to one of its values. */
  record Axis<R>(String name, List<UnaryOperator<R>> variants) {}

  /** A configuration tried on validation and its HR@K. */
  record Trial(String method, double hitRate) {}

  record Tuned<R>(R best, double hitRate, List<Trial> trials) {}

  private final Evaluator validation;
  private final SeenPolicy seen;
  private final Fits fits;

  Tuner(Evaluator validation, SeenPolicy seen, Fits fits) {
    this.validation = validation;
    this.seen = seen;
    this.fits = fits;
  }

  <R extends Recommender> Tuned<R> tune(R start, List<Axis<R>> axes, int passes) {
    Map<R, Double> tried = new LinkedHashMap<>();
    R best = start;
    double bestHitRate = hitRate(start, tried);
    for (int pass = 0; pass < passes; pass++) {
      R before = best;
      for (Axis<R> axis : axes) {
        R base = best;
        for (UnaryOperator<R> variant : axis.variants()) {
          R candidate = variant.apply(base);
          double hr = hitRate(candidate, tried);
          if (hr > bestHitRate) {
            best = candidate;
            bestHitRate = hr;
          }
        }
      }
      if (best.equals(before)) {
        break;
      }
    }
    List<Trial> trials = new ArrayList<>();
    tried.forEach((r, hr) -> trials.add(new Trial(r.name(), hr)));
    return new Tuned<>(best, bestHitRate, trials);
  }

  private <R extends Recommender> double hitRate(R candidate, Map<R, Double> tried) {
    Double known = tried.get(candidate);
    if (known != null) {
      return known;
    }
    double hr = validation.evaluate(candidate.fit(validation.split().train(), fits), seen).all().hitRate();
    tried.put(candidate, hr);
    return hr;
  }
}
