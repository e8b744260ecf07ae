package io.persona.models.history;

import io.persona.models.features.RetrievalSignals;
import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One user's score of each retrieval source; an item a source does not score counts 0 there. The
 * same blend orders served candidates and the held-out candidates the weights are tuned on, so what
 * was measured is what is served.
 *
 * <p>Each source is scaled by its own maximum for this user (the best co-occurrence score of the
 * user's seeds, the most popular item, ...), not by the maximum over the items being ordered: the
 * order of two items then never depends on which other items happen to be candidates (a source
 * that is empty after a restart cannot reorder the rest).
 */
public record SourceScores(Source coOccurrence, Source repeat, Source popularity, Source als, Source trending) {

  /** A source's scores and the maximum they are scaled by (0: the source adds nothing). */
  public record Source(Map<String, Double> scores, double max) {
    public static final Source NONE = new Source(Map.of(), 0);

    /** Scaled by the largest of {@code scores}. */
    public static Source of(Map<String, Double> scores) {
      double max = 0;
      for (double v : scores.values()) {
        max = Math.max(max, v);
      }
      return new Source(scores, max);
    }

    /**
     * The same scores, scaled so that the best counts {@code share} (in (0, 1]) instead of 1: a source
     * whose use for this user is measured apart from its scores (see {@link RepeatPropensity}).
     */
    public Source sharing(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("a source's share must be in (0, 1]: " + share);
      }
      return new Source(scores, max / share);
    }

    double scaled(String itemId) {
      Double v = scores.get(itemId);
      return v == null || max <= 0 ? 0 : v / max;
    }
  }

  /**
   * The repeat source for a user asked at {@code atMillis}: each of their own items by its affinity
   * decayed to that moment (at least 0), the best scaled to the user's {@link RepeatPropensity}.
   * Serving and the history's hold-outs both build it here.
   */
  public static Source repeat(UserProfile profile, long atMillis, ProfileSettings profileSettings) {
    long halfLife = profileSettings.halfLife().toMillis();
    Map<String, Double> scores = new HashMap<>();
    for (Map.Entry<String, DecayedScore> affinity : profile.itemAffinities().entrySet()) {
      scores.put(affinity.getKey(), Math.max(0, affinity.getValue().valueAt(atMillis, halfLife)));
    }
    return Source.of(scores).sharing(RepeatPropensity.of(profile));
  }

  /** The blended score of each item, in the order given: Σ weight · score / the source's maximum. */
  public double[] blend(List<String> items, SourceWeights weights) {
    double[] blended = new double[items.size()];
    for (int i = 0; i < blended.length; i++) {
      String item = items.get(i);
      blended[i] = weights.coOccurrence() * coOccurrence.scaled(item) + weights.repeat() * repeat.scaled(item)
          + weights.popularity() * popularity.scaled(item) + weights.als() * als.scaled(item)
          + weights.trending() * trending.scaled(item);
    }
    return blended;
  }

  /** What each source scores {@code itemId}, scaled: the ranker's retrieval features. */
  public RetrievalSignals signals(String itemId) {
    return new RetrievalSignals(coOccurrence.scaled(itemId), repeat.scaled(itemId), popularity.scaled(itemId),
        als.scaled(itemId), trending.scaled(itemId));
  }

  /** Seed weights for co-occurrence: the seed at recency rank r (0 = newest) weighs {@code decay}^r. */
  public static Map<String, Double> seedWeights(List<String> newestFirst, double decay) {
    Map<String, Double> seeds = new HashMap<>();
    double weight = 1;
    for (String seed : newestFirst) {
      seeds.merge(seed, weight, Double::sum);
      weight *= decay;
    }
    return seeds;
  }
}
