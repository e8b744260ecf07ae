package io.persona.models.history;

import io.persona.models.history.BlendTuning.Case;
import io.persona.models.history.BlendTuning.Trial;
import io.persona.models.metrics.StandardNormal;
import io.persona.models.retrieval.CoOccurrencePairing;
import io.persona.models.retrieval.CoOccurrenceSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The search over the sources' own settings that {@link BlendTuning} runs after their shares: one
 * pass over each setting's values, each tried with its own best shares (a {@link Trial}), the others
 * held at the best so far. A value replaces the current one only when it scores higher and puts the
 * held-out item in the first 10 for significantly more of the same users
 * ({@link #significantlyMore}): the users are the same for every value, so the comparison is paired.
 * "Significantly" holds for the setting as a whole: with m values to try, each comparison is made
 * at 5 %/m (Bonferroni; m counts every value of the setting, since the one a pass starts from is
 * tried again once another was adopted, and a configured value may be none of them), so a setting
 * with six values does not adopt noise six times as often as one with a single alternative.
 */
final class SourceSearch {
  /** The values tried for each source setting (the configured one too). */
  private static final int[] SEEDS = {1, 2, 3, 5, 10, 20};
  private static final double[] SEED_DECAYS = {0.3, 0.5, 0.7, 0.85, 1.0};
  private static final Duration[] POPULARITY_HALF_LIVES = {Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7),
      Duration.ofDays(14), Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(365)};
  /** The values tried for co-occurrence's pairing. */
  private static final int[] WINDOWS = {3, 5, 10, 20, 50};
  private static final double[] DAMPINGS = {0.2, 0.35, 0.5, 0.65};
  private static final double[] BACKWARDS = {1.0, 0.5, 0.0};
  /**
   * The pair half-lives tried (null: pairs never fade): a catalog whose pairs change with the
   * season wants them short, one whose "goes with" holds for years wants them long.
   */
  private static final Duration[] PAIR_HALF_LIVES = {Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90),
      Duration.ofDays(365), null};
  /** One-sided, for each setting as a whole: how often noise may replace its current value. */
  private static final double FALSE_ADOPTION = 0.05;

  /** Runs a trial of some settings; and, for the pairing search, drops the fits it no longer needs. */
  interface Trials {
    Trial run(SourceSettings tried);

    /** Every co-occurrence fit but {@code pairing}'s may be forgotten (each holds every item's neighbours). */
    void keepOnlyFitOf(CoOccurrenceSettings pairing);
  }

  private SourceSearch() {}

  /**
   * Seeds, their decay, then popularity's half-life: settings serving follows without a refit. Each
   * comparison's verdict goes to {@code verdicts}.
   */
  static Trial sources(Trial start, Function<SourceSettings, Trial> trials, List<SettingVerdict> verdicts) {
    Trial best = start;
    double z = neededZ(SEEDS.length);
    for (int seeds : SEEDS) {
      best = better(best, best.sources().withSeeds(seeds), trials, verdicts, "seeds",
          s -> String.valueOf(s.seeds()), z);
    }
    z = neededZ(SEED_DECAYS.length);
    for (double decay : SEED_DECAYS) {
      best = better(best, best.sources().withSeedDecay(decay), trials, verdicts, "seedDecay",
          s -> String.valueOf(s.seedDecay()), z);
    }
    z = neededZ(POPULARITY_HALF_LIVES.length);
    for (Duration halfLife : POPULARITY_HALF_LIVES) {
      best = better(best, best.sources().withPopularityHalfLife(halfLife), trials, verdicts, "popularityHalfLife",
          s -> s.popularityHalfLife().toString(), z);
    }
    return best;
  }

  /**
   * The same pass over co-occurrence's pairing: window, damping, the backward share, then the pair
   * half-life, each value fitted again on the hold-outs. A pairing equal to the configured one is stored as null (the
   * configured one), so a model carries a pairing only when it pairs otherwise.
   */
  static Trial pairing(Trial start, CoOccurrenceSettings configured, Trials trials, List<SettingVerdict> verdicts) {
    Trial best = start;
    double z = neededZ(WINDOWS.length);
    for (int window : WINDOWS) {
      best = betterPairing(best, pairingOf(best, configured).withWindow(window), configured, trials, verdicts,
          "window", p -> String.valueOf(p.window()), z);
    }
    z = neededZ(DAMPINGS.length);
    for (double damping : DAMPINGS) {
      best = betterPairing(best, pairingOf(best, configured).withDamping(damping), configured, trials, verdicts,
          "damping", p -> String.valueOf(p.damping()), z);
    }
    z = neededZ(BACKWARDS.length);
    for (double backward : BACKWARDS) {
      best = betterPairing(best, pairingOf(best, configured).withBackward(backward), configured, trials, verdicts,
          "backward", p -> String.valueOf(p.backward()), z);
    }
    z = neededZ(PAIR_HALF_LIVES.length);
    for (Duration halfLife : PAIR_HALF_LIVES) {
      best = betterPairing(best, pairingOf(best, configured).withHalfLife(halfLife), configured, trials, verdicts,
          "pairHalfLife", p -> halfLifeName(p.applyTo(configured).halfLife()), z);
    }
    return best;
  }

  /** Null for the configured pairing, else its one form over {@code configured}. */
  static CoOccurrencePairing normalized(CoOccurrencePairing pairing, CoOccurrenceSettings configured) {
    return pairing == null || pairing.pairsAs(configured) ? null : pairing.canonical(configured);
  }

  private static String halfLifeName(Duration halfLife) {
    return halfLife == null ? "none" : halfLife.toString();
  }

  /**
   * Whether {@code gained} users against {@code lost} (those whose hits differ between the two
   * settings) pass the one-sided sign test at {@code neededZ}. A search over some thirty values that
   * took every value scoring higher by a case or two adopted noise: on Online Retail it chose a
   * pairing that won 0.0003 of held-out HR@10 and lost 0.002-0.012 of served HR@10.
   */
  static boolean significantlyMore(int gained, int lost, double neededZ) {
    return gained > lost && gained - lost >= neededZ * Math.sqrt(gained + lost);
  }

  /**
   * The z a gain must reach when a setting has {@code comparisons} values to try: Bonferroni's
   * one-sided 5 %/m (1.64 for one, 1.96 for two, 2.33 for five, 2.39 for six). A pass makes at most
   * that many comparisons, so this bounds how often the setting as a whole adopts noise.
   */
  static double neededZ(int comparisons) {
    return StandardNormal.quantile(1 - FALSE_ADOPTION / Math.max(1, comparisons));
  }

  private static CoOccurrencePairing pairingOf(Trial trial, CoOccurrenceSettings configured) {
    CoOccurrencePairing chosen = trial.sources().coOccurrence();
    return chosen == null ? CoOccurrencePairing.of(configured) : chosen;
  }

  private static Trial betterPairing(Trial best, CoOccurrencePairing tried, CoOccurrenceSettings configured,
                                     Trials trials, List<SettingVerdict> verdicts, String setting,
                                     Function<CoOccurrencePairing, String> value, double neededZ) {
    Trial next = better(best, best.sources().withCoOccurrence(normalized(tried, configured)), trials::run, verdicts,
        setting, s -> value.apply(s.coOccurrence() == null ? CoOccurrencePairing.of(configured) : s.coOccurrence()),
        neededZ);
    trials.keepOnlyFitOf(next.sources().coOccurrenceOr(configured));
    return next;
  }

  private static Trial better(Trial best, SourceSettings tried, Function<SourceSettings, Trial> trials,
                             List<SettingVerdict> verdicts, String setting, Function<SourceSettings, String> value,
                             double neededZ) {
    if (tried.equals(best.sources())) {
      return best;
    }
    Trial trial = trials.apply(tried);
    int[] gainedLost = differingUsers(trial, best);
    boolean adopted = trial.score() > best.score() && significantlyMore(gainedLost[0], gainedLost[1], neededZ);
    verdicts.add(new SettingVerdict(setting, value.apply(tried), value.apply(best.sources()), trial.score(),
        best.score(), gainedLost[0], gainedLost[1], neededZ, adopted));
    return adopted ? trial : best;
  }

  /**
   * The users of each hold-out whose hits (both seen modes together) differ between the two trials,
   * each counted once per hold-out: {gained, lost}.
   */
  private static int[] differingUsers(Trial tried, Trial current) {
    int gained = 0;
    int lost = 0;
    for (int h = 0; h < tried.includeCases().size(); h++) {
      Map<String, Integer> difference = new HashMap<>();
      addHits(difference, tried.excludeCases().get(h), tried.exclude().weights(), 1);
      addHits(difference, tried.includeCases().get(h), tried.include().weights(), 1);
      addHits(difference, current.excludeCases().get(h), current.exclude().weights(), -1);
      addHits(difference, current.includeCases().get(h), current.include().weights(), -1);
      for (int d : difference.values()) {
        gained += d > 0 ? 1 : 0;
        lost += d < 0 ? 1 : 0;
      }
    }
    return new int[] {gained, lost};
  }

  /** Adds {@code sign} to each user's count for each of their cases that is a hit under {@code weights}. */
  private static void addHits(Map<String, Integer> byUser, List<Case> cases, SourceWeights weights, int sign) {
    double[] w = weights.values();
    for (Case c : cases) {
      if (c.scaled() != null
          && BlendTuning.rankOf(c.target(), i -> BlendTuning.score(c.scaled(), w, i), c.scaled()[0].length)
          < BlendTuning.K) {
        byUser.merge(c.inputs().user(), sign, Integer::sum);
      }
    }
  }
}
