package io.persona.simulations.quality;

import io.persona.models.learning.AlsSettings;
import io.persona.models.retrieval.CoOccurrenceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The values each method is tuned over, the same for every dataset: half-lives from a day to a
 * year (and none), so that a dataset's own time scale picks one, never a value read off this one
 * file's results.
 */
final class SearchSpace {
  static final List<Duration> HALF_LIVES = Arrays.asList(
      null, Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(365));
  /** The repeat source without "none": it must prefer the recent over the old. */
  static final List<Duration> REPEAT_HALF_LIVES = List.of(
      Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(365));

  static final AlsSettings ALS_START = new AlsSettings(64, 10, 1.0, 10, 1);
  static final CoOccurrenceSettings CO_OCCURRENCE_START = new CoOccurrenceSettings(20, null, 0.5, 200);

  private SearchSpace() {}

  static List<Tuner.Axis<Popularity>> popularity() {
    return List.of(axis("half-life", HALF_LIVES, (p, h) -> new Popularity(h)));
  }

  static Als alsStart() {
    return new Als(ALS_START, true, null, false, false);
  }

  /**
   * Each value costs a training, so two choices are fixed: 10 iterations (with conjugate-gradient
   * sweeps 15 gave the same figures on Online Retail, HR@10 0.136 vs 0.138) and log1p strengths
   * (raw sums never won a tuning in the first runs).
   */
  static List<Tuner.Axis<Als>> als() {
    return List.of(
        axis("alpha", List.of(1.0, 3.0, 10.0, 30.0), (a, v) -> a.with(alsSettings(a.settings(), -1, -1, -1, v))),
        axis("lambda", List.of(0.1, 1.0, 10.0), (a, v) -> a.with(alsSettings(a.settings(), -1, -1, v, -1))),
        axis("dimension", List.of(64, 128), (a, v) -> a.with(alsSettings(a.settings(), v, -1, -1, -1))));
  }

  /**
   * How fast an event's weight fades in ALS: Persona's variant of the baseline ALS. Three values, a
   * month, a year or never: each costs a training.
   */
  static List<Tuner.Axis<Als>> alsDecay() {
    return List.of(axis("event half-life", Arrays.asList(null, Duration.ofDays(30), Duration.ofDays(365)),
        Als::withHalfLife));
  }

  static HistoryBlend blendStart(Duration popularityHalfLife, Als als) {
    return new HistoryBlend(CO_OCCURRENCE_START, 10, 0.8, Duration.ofDays(30), popularityHalfLife, als,
        new BlendWeights(1, 0, 0, 0));
  }

  /** The co-occurrence source alone: how items are paired and how a user's seeds weigh. */
  static List<Tuner.Axis<HistoryBlend>> coOccurrence() {
    return List.of(
        axis("window", List.of(5, 10, 20, 50), (b, v) -> b.withCoOccurrence(co(b.coOccurrence(), v, b.coOccurrence().halfLife(),
            b.coOccurrence().damping()))),
        axis("backward", List.of(1.0, 0.5, 0.25, 0.0), (b, v) -> b.withCoOccurrence(b.coOccurrence().withBackward(v))),
        axis("damping", List.of(0.2, 0.35, 0.5, 0.65, 0.8), (b, v) -> b.withCoOccurrence(co(b.coOccurrence(),
            b.coOccurrence().window(), b.coOccurrence().halfLife(), v))),
        axis("pair half-life", HALF_LIVES, (b, v) -> b.withCoOccurrence(co(b.coOccurrence(), b.coOccurrence().window(), v,
            b.coOccurrence().damping()))),
        axis("seeds", List.of(3, 5, 10, 20, 50), (b, v) -> b.withSeeds(v, b.seedDecay())),
        axis("seed decay", List.of(0.5, 0.7, 0.8, 0.9, 1.0), (b, v) -> b.withSeeds(b.seeds(), v)));
  }

  /**
   * The shares of repeat and popularity next to co-occurrence (weight 1). Repeat only scores items
   * the user has seen, so it is tuned only where they may come back.
   */
  static List<Tuner.Axis<HistoryBlend>> blend(SeenPolicy seen) {
    List<Tuner.Axis<HistoryBlend>> axes = new ArrayList<>();
    if (seen == SeenPolicy.INCLUDE) {
      axes.add(axis("repeat weight", List.of(0.0, 0.1, 0.3, 1.0, 3.0),
          (b, v) -> b.withWeights(b.weights().withRepeat(v))));
      axes.add(axis("repeat half-life", REPEAT_HALF_LIVES, HistoryBlend::withRepeatHalfLife));
    }
    // up to 3: where trends are all there is to know, the blend can become the popularity list
    axes.add(axis("popularity weight", List.of(0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0),
        (b, v) -> b.withWeights(b.weights().withPopularity(v))));
    return axes;
  }

  /** The share of ALS, then the other shares again around it. */
  static List<Tuner.Axis<HistoryBlend>> blendWithAls(SeenPolicy seen) {
    List<Tuner.Axis<HistoryBlend>> axes = new ArrayList<>();
    axes.add(axis("ALS weight", List.of(0.0, 0.1, 0.3, 1.0, 3.0), (b, v) -> b.withWeights(b.weights().withAls(v))));
    axes.addAll(blend(seen));
    return axes;
  }

  /**
   * One configuration for every dataset, untuned and without ALS: what Persona would serve before it
   * has measured anything. Chosen by reasoning (pairs over a short recent history, mild popularity damping, a
   * season-long memory, the newest seeds first), though after seeing this file's tuned values.
   */
  static HistoryBlend defaults(SeenPolicy seen) {
    return new HistoryBlend(new CoOccurrenceSettings(20, Duration.ofDays(90), 0.35, 200), 10, 0.7,
        Duration.ofDays(30), Duration.ofDays(7), alsStart(), new BlendWeights(1, seen == SeenPolicy.INCLUDE ? 1 : 0,
            0.05, 0));
  }

  /** The repeat source alone ("you recently interacted with"). */
  static List<Tuner.Axis<HistoryBlend>> repeat() {
    return List.of(axis("repeat half-life", REPEAT_HALF_LIVES, HistoryBlend::withRepeatHalfLife));
  }

  private static CoOccurrenceSettings co(CoOccurrenceSettings s, int window, Duration halfLife, double damping) {
    return new CoOccurrenceSettings(window, halfLife, damping, s.neighbours(), s.backward());
  }

  /** A copy with the given values; -1 keeps a value. */
  private static AlsSettings alsSettings(AlsSettings s, int dimension, int iterations, double lambda, double alpha) {
    return new AlsSettings(dimension < 0 ? s.dimension() : dimension, iterations < 0 ? s.iterations() : iterations,
        lambda < 0 ? s.regularization() : lambda, alpha < 0 ? s.alpha() : alpha, s.seed());
  }

  private static <R, V> Tuner.Axis<R> axis(String name, List<V> values, BiFunction<R, V, R> set) {
    List<UnaryOperator<R>> variants = new ArrayList<>();
    for (V v : values) {
      variants.add(r -> set.apply(r, v));
    }
    return new Tuner.Axis<>(name, variants);
  }
}
