package io.persona.models.history;

import io.persona.models.hashing.StableHash;
import io.persona.models.learning.AlsSettings;
import io.persona.models.learning.Factors;
import io.persona.models.learning.ImplicitAls;
import io.persona.models.learning.Interaction;
import io.persona.models.retrieval.ScoredItem;
import io.persona.models.retrieval.StrengthScale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides the retrieval sources' shares by measurement on the history itself rather than by guess:
 * a stable sample of users each has their last interaction held out, co-occurrence, popularity and
 * (when configured) ALS are fitted on everything else, each sampled user's candidates are scored by
 * every source the way serving scores them, and the weights with the best HR@10 on the held-out
 * items win, separately for seen items left out and let back in. The sources' own settings stay
 * as configured; only their shares are tuned.
 *
 * <p>The figure reported is measured on the rows the weights were chosen on, so it is optimistic by
 * the search over a few hundred weight combinations; it tells what the sources can do on this
 * history, not a test result.
 */
public final class BlendTuning {
  private static final int K = 10;
  private static final double[] CO_OCCURRENCE = {0, 1};
  private static final double[] REPEAT = {0, 0.1, 0.3, 1, 3};
  private static final double[] POPULARITY = {0, 0.01, 0.03, 0.1, 0.3, 1};
  private static final double[] ALS = {0, 0.1, 0.3, 1, 3};

  /**
   * @param users          held-out users at most (a stable sample by user id, never more than half)
   * @param minUsers       below this many users with two or more interactions the defaults stay
   * @param seeds          the user's newest distinct items that seed co-occurrence, as served
   * @param seedDecay      the weight of the seed at recency rank r is seedDecay^r, as served
   * @param repeatHalfLife how fast a user's own interaction fades in the repeat source
   * @param candidates     candidates per source (co-occurrence, repeat, popularity, ALS), as served
   * @param als            the embedding training's settings, or null when embeddings are not trained
   * @param strengthScale  the embedding training's strength scale
   */
  public record Settings(int users, int minUsers, int seeds, double seedDecay, Duration repeatHalfLife,
                         int candidates, AlsSettings als, StrengthScale strengthScale) {}

  /** One held-out user in one mode: each source's scores over the candidates, scaled to a maximum of 1. */
  private record Case(double[][] scaled, int target) {}

  private BlendTuning() {}

  static RetrievalBlend tune(Map<String, List<HistoryEvent>> sortedByUser, HistoryTraining.Settings training,
                             InteractionWeights weights, Settings settings, Instant now) {
    List<String> eligible = new ArrayList<>();
    sortedByUser.forEach((user, events) -> {
      if (events.size() >= 2) {
        eligible.add(user);
      }
    });
    if (eligible.size() < settings.minUsers()) {
      return RetrievalBlend.DEFAULT;
    }
    eligible.sort(Comparator.comparingDouble((String user) -> StableHash.unit("blend-tuning|" + user))
        .thenComparing(Comparator.naturalOrder()));
    // At most half of them: the other half keeps its whole history, so the pairs a held-out item
    // would complete are still learned from someone.
    List<String> sample = eligible.subList(0, Math.min(settings.users(), eligible.size() / 2));

    Map<String, List<HistoryEvent>> train = new TreeMap<>(sortedByUser);
    Map<String, String> target = new HashMap<>();
    for (String user : sample) {
      List<HistoryEvent> events = sortedByUser.get(user);
      target.put(user, events.get(events.size() - 1).itemId());
      train.put(user, events.subList(0, events.size() - 1));
    }
    long nowMillis = now.toEpochMilli();
    HistoryTraining.Fitted fitted = HistoryTraining.fit(train, training, weights, nowMillis);
    Factors factors = settings.als() == null ? null : trainAls(train, weights, settings);
    List<ScoredItem> popular = HistoryModel.of("tuning", now, 1, fitted.coOccurrence(), fitted.popularity())
        .popularFirst();
    SourceScores.Source popularity = new SourceScores.Source(fitted.popularity(),
        popular.isEmpty() ? 0 : popular.get(0).score());

    List<Case> excludeCases = new ArrayList<>();
    List<Case> includeCases = new ArrayList<>();
    for (String user : sample) {
      List<HistoryEvent> history = train.get(user);
      Map<String, Double> repeat = new HashMap<>();
      for (HistoryEvent event : history) {
        double age = Math.max(0, nowMillis - event.time().toEpochMilli());
        repeat.merge(event.itemId(), weights.weightOf(event) * Math.pow(0.5, age / settings.repeatHalfLife().toMillis()),
            Double::sum);
      }
      Map<String, Double> coOccurrence = fitted.coOccurrence().scores(
          SourceScores.seedWeights(newestDistinct(history, settings.seeds()), settings.seedDecay()));
      Map<String, Double> als = factors == null ? Map.of() : alsScores(factors, user);
      SourceScores scores = new SourceScores(SourceScores.Source.of(coOccurrence), SourceScores.Source.of(repeat),
          popularity, SourceScores.Source.of(als));
      String held = target.get(user);
      if (!repeat.containsKey(held)) {
        addCase(excludeCases, scores, held, repeat.keySet(), popular, settings.candidates(), false);
      }
      addCase(includeCases, scores, held, Set.of(), popular, settings.candidates(), true);
    }
    Best exclude = best(excludeCases, false, factors != null);
    Best include = best(includeCases, true, factors != null);
    return new RetrievalBlend(exclude.weights(), include.weights(), exclude.hitRate(), include.hitRate(), sample.size());
  }

  private static Factors trainAls(Map<String, List<HistoryEvent>> train, InteractionWeights weights, Settings settings) {
    List<Interaction> pairs = new ArrayList<>();
    train.forEach((user, events) -> {
      Map<String, Double> strengths = new TreeMap<>();
      events.forEach(e -> strengths.merge(e.itemId(), weights.weightOf(e), Double::sum));
      strengths.forEach((item, s) -> pairs.add(new Interaction(user, item, settings.strengthScale().apply(s))));
    });
    return ImplicitAls.train(pairs, settings.als());
  }

  private static Map<String, Double> alsScores(Factors factors, String user) {
    float[] u = factors.users().get(user);
    if (u == null) {
      return Map.of();
    }
    Map<String, Double> scores = new HashMap<>();
    factors.items().forEach((item, v) -> {
      double dot = 0;
      for (int i = 0; i < u.length; i++) {
        dot += (double) u[i] * v[i];
      }
      scores.put(item, dot);
    });
    return scores;
  }

  /** The candidates serving would take from each source, and each source's scaled scores over them. */
  private static void addCase(List<Case> cases, SourceScores scores, String held, Set<String> excluded,
                              List<ScoredItem> popular, int perSource, boolean withRepeat) {
    Set<String> candidates = new LinkedHashSet<>();
    addTop(candidates, scores.coOccurrence().scores(), excluded, perSource);
    if (withRepeat) {
      addTop(candidates, scores.repeat().scores(), excluded, perSource);
    }
    int taken = 0;
    for (ScoredItem item : popular) {
      if (taken == perSource) {
        break;
      }
      if (!excluded.contains(item.itemId())) {
        candidates.add(item.itemId());
        taken++;
      }
    }
    addTop(candidates, scores.als().scores(), excluded, perSource);
    List<String> items = new ArrayList<>(candidates);
    int target = items.indexOf(held);
    if (target < 0) {
      cases.add(new Case(null, -1)); // the target is not even a candidate: a miss whatever the weights
      return;
    }
    double[][] scaled = {
        scores.blend(items, new SourceWeights(1, 0, 0, 0)),
        scores.blend(items, new SourceWeights(0, 1, 0, 0)),
        scores.blend(items, new SourceWeights(0, 0, 1, 0)),
        scores.blend(items, new SourceWeights(0, 0, 0, 1))};
    cases.add(new Case(scaled, target));
  }

  private static void addTop(Set<String> into, Map<String, Double> scores, Set<String> excluded, int k) {
    scores.entrySet().stream().filter(e -> !excluded.contains(e.getKey()))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(k).forEach(e -> into.add(e.getKey()));
  }

  private record Best(SourceWeights weights, double hitRate) {}

  /** The grid point of the highest HR@10, starting from the defaults; ties keep the earlier one. */
  private static Best best(List<Case> cases, boolean include, boolean withAls) {
    SourceWeights start = RetrievalBlend.DEFAULT.weights(include);
    if (!withAls) {
      start = new SourceWeights(start.coOccurrence(), start.repeat(), start.popularity(), 0);
    }
    Best best = new Best(start, hitRate(cases, start));
    for (double co : CO_OCCURRENCE) {
      for (double repeat : include ? REPEAT : new double[] {0}) {
        for (double pop : POPULARITY) {
          for (double als : withAls ? ALS : new double[] {0}) {
            SourceWeights w = new SourceWeights(co, repeat, pop, als);
            double rate = hitRate(cases, w);
            if (rate > best.hitRate()) {
              best = new Best(w, rate);
            }
          }
        }
      }
    }
    return best;
  }

  /** Hits when fewer than K candidates score above the target (ties: those listed before it). */
  private static double hitRate(List<Case> cases, SourceWeights w) {
    if (cases.isEmpty()) {
      return Double.NaN;
    }
    double[] weights = {w.coOccurrence(), w.repeat(), w.popularity(), w.als()};
    int hits = 0;
    for (Case c : cases) {
      if (c.scaled() == null) {
        continue;
      }
      int n = c.scaled()[0].length;
      double targetScore = score(c.scaled(), weights, c.target());
      int above = 0;
      for (int i = 0; i < n && above < K; i++) {
        double s = score(c.scaled(), weights, i);
        if (s > targetScore || (s == targetScore && i < c.target())) {
          above++;
        }
      }
      if (above < K) {
        hits++;
      }
    }
    return hits / (double) cases.size();
  }

  private static double score(double[][] scaled, double[] weights, int i) {
    double s = 0;
    for (int source = 0; source < weights.length; source++) {
      s += weights[source] * scaled[source][i];
    }
    return s;
  }

  private static List<String> newestDistinct(List<HistoryEvent> oldestFirst, int limit) {
    Set<String> distinct = new LinkedHashSet<>();
    for (int i = oldestFirst.size() - 1; i >= 0 && distinct.size() < limit; i--) {
      distinct.add(oldestFirst.get(i).itemId());
    }
    return List.copyOf(distinct);
  }
}
