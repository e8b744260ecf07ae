package io.persona.models.history;

import io.persona.models.events.UserEvent;
import io.persona.models.hashing.StableHash;
import io.persona.models.learning.AlsSettings;
import io.persona.models.learning.Factors;
import io.persona.models.learning.ImplicitAls;
import io.persona.models.learning.InteractionMatrix;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import io.persona.models.retrieval.CoOccurrencePairing;
import io.persona.models.retrieval.CoOccurrenceSettings;
import io.persona.models.retrieval.EmbeddingFoldIn;
import io.persona.models.retrieval.ItemCoOccurrence;
import io.persona.models.retrieval.ItemGram;
import io.persona.models.retrieval.ScoredItem;
import io.persona.models.retrieval.StrengthScale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Decides the retrieval sources' shares by measurement on the history itself rather than by guess.
 * Two hold-outs, because they disagree and serving faces both:
 * <ul>
 *   <li><b>last interaction</b>: a stable sample of users (never more than half) each has their last
 *       interaction held out, everything else is kept;</li>
 *   <li><b>next interaction after a cut</b>: the history is cut before its last stretch (5 % of its
 *       span, at least a day) and the users active on both sides are asked for their first
 *       interaction after it, as a live node is asked "what next?": from the sources fitted at the cut,
 *       and trending, which a live node counts as events arrive, as it stood just before that
 *       interaction. Re-buying and short-lived trends matter here, and hardly at all in the first.</li>
 * </ul>
 * For each, co-occurrence, popularity, recent popularity (trending) and, when configured, ALS are
 * fitted on what is kept, each sampled user's candidates are scored by every source the way serving
 * scores them, and the weights with the best mean HR@10 over the hold-outs win (coordinate ascent
 * over a fixed grid per source), separately for seen items left out and let back in.
 *
 * <p>When {@link Settings#tuneSources} is on, the sources' own settings that serving can follow
 * without retraining ({@link SourceSettings}: co-occurrence seeds, their decay, popularity's
 * half-life) are searched too, one at a time from the configured values, each value tried with its
 * own best shares; a value is kept only when it raises the mean of both modes' HR@10 and hits
 * significantly more of the same held-out cases (a paired sign test). The model is
 * then served with them, so a history of one-off baskets and one of long tastes each get theirs.
 *
 * <p>With {@link Settings#tunePairing} on, how co-occurrence pairs items is searched last the same
 * way: the window of earlier items an interaction pairs with, the popularity damping, and how much a
 * pair counts backwards (a basket has no order, a series does). Each value needs co-occurrence fitted
 * again on both hold-outs, so the blend chosen so far is handed out first ({@code early}) and can be
 * served while this part runs.
 *
 * <p>The figure reported is measured on the rows the weights were chosen on, so it is optimistic by
 * the search; it tells what the sources can do on this history, not a test result.
 */
public final class BlendTuning {
  static final int K = 10;
  /** Per source (co-occurrence, repeat, popularity, ALS, trending): the weights tried. */
  private static final double[][] GRID = {
      {0, 1}, {0, 0.1, 0.3, 1, 3}, {0, 0.01, 0.03, 0.1, 0.3, 1}, {0, 0.1, 0.3, 1, 3}, {0, 0.1, 0.3, 1, 3}};
  private static final int ROUNDS = 3;
  private static final double CUT_SHARE = 0.05;
  private static final Duration MIN_CUT = Duration.ofDays(1);

  /**
   * @param users             held-out users per hold-out at most (a stable sample by user id)
   * @param minUsers          a hold-out with fewer users is not measured; none measured: the defaults
   * @param seeds             the user's newest distinct items that seed co-occurrence, as served
   * @param seedDecay         the weight of the seed at recency rank r is seedDecay^r, as served
   * @param repeatHalfLife    how fast a user's own interaction fades in the repeat source (the
   *                          profile's half-life)
   * @param trendingHalfLife  how fast an interaction fades in recent popularity, as trending does, or
   *                          null when the trending source is off (its share stays 0)
   * @param candidates        candidates per source, as served
   * @param als               the embedding training's settings, or null when embeddings are not trained
   * @param strengthScale     the embedding training's strength scale
   * @param tuneSources       also choose the seeds, their decay and popularity's half-life by the
   *                          measurement (else the configured ones are kept)
   * @param profileHistory    how many newest events a live profile keeps, which serving draws its
   *                          seeds from: the measurement draws them from as many
   * @param tunePairing       also choose how co-occurrence pairs items (window, damping, backward
   *                          share); only with {@code tuneSources}
   * @param profile           how a live profile holds a user's items: the user's own items (repeat)
   *                          and the ALS fold-in are computed from the profile replayed from the kept
   *                          events, as serving computes them from the live one; its half-life and
   *                          history size must be {@code repeatHalfLife} and {@code profileHistory}
   * @param lowStrength       the fold-in's strength of an item the profile holds at or below 0 (a
   *                          low rating), as serving passes it
   */
  public record Settings(int users, int minUsers, int seeds, double seedDecay, Duration repeatHalfLife,
                         Duration trendingHalfLife, int candidates, AlsSettings als, StrengthScale strengthScale,
                         boolean tuneSources, int profileHistory, boolean tunePairing, ProfileSettings profile,
                         double lowStrength) {

    public Settings {
      if (!profile.halfLife().equals(repeatHalfLife) || profile.historySize() != profileHistory) {
        throw new IllegalArgumentException("the repeat half-life and profile history must be the profile's");
      }
    }

    /**
     * Settings for a node's profile ({@code profile}'s half-life and history size) and fold-in
     * ({@code lowStrength}), co-occurrence's pairing searched or not.
     */
    public static Settings forProfile(int users, int minUsers, int seeds, double seedDecay, Duration trendingHalfLife,
                                      int candidates, AlsSettings als, StrengthScale strengthScale,
                                      boolean tuneSources, boolean tunePairing, ProfileSettings profile,
                                      double lowStrength) {
      return new Settings(users, minUsers, seeds, seedDecay, profile.halfLife(), trendingHalfLife, candidates, als,
          strengthScale, tuneSources, profile.historySize(), tunePairing, profile, lowStrength);
    }

    /** The default profile with this half-life and history size, and the pairing as configured. */
    public Settings(int users, int minUsers, int seeds, double seedDecay, Duration repeatHalfLife,
                    Duration trendingHalfLife, int candidates, AlsSettings als, StrengthScale strengthScale,
                    boolean tuneSources, int profileHistory) {
      this(users, minUsers, seeds, seedDecay, repeatHalfLife, trendingHalfLife, candidates, als, strengthScale,
          tuneSources, profileHistory, false);
    }

    /** The default profile with this half-life and history size. */
    public Settings(int users, int minUsers, int seeds, double seedDecay, Duration repeatHalfLife,
                    Duration trendingHalfLife, int candidates, AlsSettings als, StrengthScale strengthScale,
                    boolean tuneSources, int profileHistory, boolean tunePairing) {
      this(users, minUsers, seeds, seedDecay, repeatHalfLife, trendingHalfLife, candidates, als, strengthScale,
          tuneSources, profileHistory, tunePairing, defaultProfile(repeatHalfLife, profileHistory), 1.0);
    }

    private static ProfileSettings defaultProfile(Duration halfLife, int historySize) {
      ProfileSettings d = ProfileSettings.defaults();
      return new ProfileSettings(d.weights(), d.defaultWeight(), d.ratingNeutral(), halfLife, historySize,
          d.maxItemAffinities(), d.maxCategoryAffinities());
    }
  }


  /**
   * What is kept, who is asked for what, and when (ages are measured at {@code at}).
   *
   * @param targets each held-out user's held-out event
   * @param later   every user's interactions from {@code at} on (the cut hold-out's), which a live
   *                node's trending counts as they arrive; empty for the last-interaction hold-out
   */
  private record Holdout(Map<String, List<HistoryEvent>> kept, Map<String, HistoryEvent> targets, Instant at,
                         boolean lastInteraction, List<HistoryEvent> later) {}

  /**
   * One held-out user in one mode: each source's scaled scores over the candidates (floats: memory),
   * the target's index among them (-1: not a candidate), and what the ranker from history needs to
   * encode the same candidates ({@link HistoryRanking}).
   */
  record Case(float[][] scaled, int target, CaseInputs inputs) {}

  /**
   * @param history    the user's kept events, oldest first: the profile as it was when asked
   * @param items      the candidates in the order of {@code scaled}; null when the target is not one
   * @param userVector the user folded into the hold-out's ALS, or null
   * @param targetTime when the held-out event happened (the ranker from history asks at a moment
   *                   between the hold-out's and this one)
   * @param trending   trending when the user is asked, as the blend scores it: the ranker from
   *                   history reads its counts as serving reads the node's
   */
  record CaseInputs(String user, List<HistoryEvent> history, List<String> items, float[] userVector,
                    Instant targetTime, TrendingSnapshot trending, HoldoutInputs holdout) {}

  /**
   * @param at          the moment the hold-out asks at
   * @param itemVectors the hold-out's own ALS item vectors (empty without ALS)
   * @param trendingIndex the items of the users' trending snapshots, indexed
   * @param lastInteraction the last-interaction hold-out (else the next interaction after a cut)
   */
  record HoldoutInputs(Instant at, Map<String, float[]> itemVectors, Map<String, Integer> trendingIndex,
                       boolean lastInteraction) {}

  /**
   * The measured blend and the cases it was measured on, per hold-out, per seen mode, and the source
   * settings' search's verdicts in the order tried (empty when it did not run).
   */
  public record Measurement(RetrievalBlend blend, List<List<Case>> exclude, List<List<Case>> include,
                            List<SettingVerdict> verdicts) {}

  private BlendTuning() {}

  static RetrievalBlend tune(Map<String, List<HistoryEvent>> sortedByUser, HistoryTraining.Settings training,
                             InteractionWeights weights, Settings settings, Instant now) {
    return measure(sortedByUser, training, weights, settings, now).blend();
  }

  static Measurement measure(Map<String, List<HistoryEvent>> sortedByUser, HistoryTraining.Settings training,
                             InteractionWeights weights, Settings settings, Instant now) {
    return measure(sortedByUser, training, weights, settings, now, null, early -> { });
  }

  /**
   * @param servedPairing how the model served now pairs items (null: as configured): the pairing
   *                      search starts there, so the blend handed out early pairs the same way and
   *                      serving does not switch away from a chosen pairing while it runs
   * @param early         receives the blend chosen before co-occurrence's pairing is searched, when
   *                      it is (the final one is returned), so it can be served meanwhile
   */
  static Measurement measure(Map<String, List<HistoryEvent>> sortedByUser, HistoryTraining.Settings training,
                             InteractionWeights weights, Settings settings, Instant now,
                             CoOccurrencePairing servedPairing, Consumer<RetrievalBlend> early) {
    List<Holdout> holdouts = new ArrayList<>();
    lastInteraction(sortedByUser, settings, now).ifPresent(holdouts::add);
    nextAfterCut(sortedByUser, settings).ifPresent(holdouts::add);
    if (holdouts.isEmpty()) {
      return new Measurement(RetrievalBlend.DEFAULT, List.of(), List.of(), List.of());
    }
    List<Prepared> prepared = new ArrayList<>();
    int users = 0;
    for (Holdout holdout : holdouts) {
      prepared.add(prepare(holdout, training, weights, settings));
      users += holdout.targets().size();
    }
    CoOccurrencePairing startPairing = settings.tuneSources() && settings.tunePairing()
        ? SourceSearch.normalized(servedPairing, training.coOccurrence()) : null;
    SourceSettings configured = new SourceSettings(settings.seeds(), settings.seedDecay(),
        training.popularityHalfLife(), startPairing);
    Trial best = trial(prepared, configured, weights, settings);
    List<SettingVerdict> verdicts = new ArrayList<>();
    if (settings.tuneSources()) {
      best = SourceSearch.sources(best, tried -> trial(prepared, tried, weights, settings), verdicts);
      if (settings.tunePairing()) {
        early.accept(blendOf(best, users, true));
        best = SourceSearch.pairing(best, training.coOccurrence(), new SourceSearch.Trials() {
          @Override
          public Trial run(SourceSettings tried) {
            return trial(prepared, tried, weights, settings);
          }

          @Override
          public void keepOnlyFitOf(CoOccurrenceSettings pairing) {
            prepared.forEach(p -> p.retainFit(pairing));
          }
        }, verdicts);
      }
    }
    return new Measurement(blendOf(best, users, settings.tuneSources()), best.excludeCases(), best.includeCases(),
        List.copyOf(verdicts));
  }

  private static RetrievalBlend blendOf(Trial trial, int users, boolean withSources) {
    return new RetrievalBlend(trial.exclude().weights(), trial.include().weights(), trial.exclude().hitRate(),
        trial.include().hitRate(), users, withSources ? trial.sources() : null);
  }

  /** One set of source settings with its best shares per mode, and the cases they were measured on. */
  record Trial(SourceSettings sources, Best exclude, Best include, List<List<Case>> excludeCases,
                       List<List<Case>> includeCases) {
    /** The mean of both modes' HR@10 (a mode without cases counts 0 for every trial alike). */
    double score() {
      return (finiteOrZero(exclude.hitRate()) + finiteOrZero(include.hitRate())) / 2;
    }

    private static double finiteOrZero(double v) {
      return Double.isFinite(v) ? v : 0;
    }
  }

  private static Trial trial(List<Prepared> prepared, SourceSettings sources, InteractionWeights weights,
                             Settings settings) {
    List<List<Case>> exclude = new ArrayList<>();
    List<List<Case>> include = new ArrayList<>();
    for (Prepared p : prepared) {
      List<Case> excludeCases = new ArrayList<>();
      List<Case> includeCases = new ArrayList<>();
      cases(p, sources, weights, settings, excludeCases, includeCases);
      exclude.add(excludeCases);
      include.add(includeCases);
    }
    boolean withAls = settings.als() != null;
    boolean withTrending = settings.trendingHalfLife() != null;
    return new Trial(sources, best(exclude, false, withAls, withTrending), best(include, true, withAls, withTrending),
        exclude, include);
  }

  private static List<String> stableSample(List<String> users, int limit) {
    List<String> sorted = new ArrayList<>(users);
    sorted.sort(Comparator.comparingDouble((String user) -> StableHash.unit("blend-tuning|" + user))
        .thenComparing(Comparator.naturalOrder()));
    return sorted.subList(0, Math.min(limit, sorted.size()));
  }

  private static Optional<Holdout> lastInteraction(Map<String, List<HistoryEvent>> byUser, Settings settings,
                                                   Instant now) {
    List<String> eligible = new ArrayList<>();
    byUser.forEach((user, events) -> {
      if (events.size() >= 2) {
        eligible.add(user);
      }
    });
    // At most half of them: the other half keeps its whole history, so the pairs a held-out item
    // would complete are still learned from someone.
    List<String> sample = stableSample(eligible, Math.min(settings.users(), eligible.size() / 2));
    if (sample.size() < settings.minUsers()) {
      return Optional.empty();
    }
    Map<String, List<HistoryEvent>> kept = new TreeMap<>(byUser);
    Map<String, HistoryEvent> targets = new HashMap<>();
    for (String user : sample) {
      List<HistoryEvent> events = byUser.get(user);
      targets.put(user, events.get(events.size() - 1));
      kept.put(user, events.subList(0, events.size() - 1));
    }
    return Optional.of(new Holdout(kept, targets, now, true, List.of()));
  }

  private static Optional<Holdout> nextAfterCut(Map<String, List<HistoryEvent>> byUser, Settings settings) {
    Instant oldest = Instant.MAX;
    Instant newest = Instant.MIN;
    for (List<HistoryEvent> events : byUser.values()) {
      oldest = events.get(0).time().isBefore(oldest) ? events.get(0).time() : oldest;
      Instant last = events.get(events.size() - 1).time();
      newest = last.isAfter(newest) ? last : newest;
    }
    Duration span = Duration.between(oldest, newest);
    Duration stretch = span.multipliedBy((long) (CUT_SHARE * 1000)).dividedBy(1000);
    Instant cut = newest.minus(stretch.compareTo(MIN_CUT) < 0 ? MIN_CUT : stretch);
    if (!cut.isAfter(oldest)) {
      return Optional.empty();
    }
    Map<String, List<HistoryEvent>> kept = new TreeMap<>();
    Map<String, HistoryEvent> next = new HashMap<>();
    List<HistoryEvent> later = new ArrayList<>();
    byUser.forEach((user, events) -> {
      int after = 0;
      while (after < events.size() && events.get(after).time().isBefore(cut)) {
        after++;
      }
      later.addAll(events.subList(after, events.size()));
      if (after > 0) {
        kept.put(user, events.subList(0, after));
        if (after < events.size()) {
          next.put(user, events.get(after));
        }
      }
    });
    List<String> sample = stableSample(new ArrayList<>(next.keySet()), settings.users());
    if (sample.size() < settings.minUsers()) {
      return Optional.empty();
    }
    Map<String, HistoryEvent> targets = new HashMap<>();
    sample.forEach(user -> targets.put(user, next.get(user)));
    return Optional.of(new Holdout(kept, targets, cut, false, later));
  }

  /**
   * What a hold-out's cases share whatever the source settings tried: the fitted co-occurrence, ALS,
   * trending, and each held-out user's own items and fold-in; popularity per half-life, on demand.
   */
  private static final class Prepared {
    final Holdout holdout;
    final long atMillis;
    final CoOccurrenceSettings configuredPairing;
    final Factors factors;
    final ServedAls servedAls;
    /** The items of the users' trending snapshots, indexed. */
    final Map<String, Integer> trendingIndex;
    final HoldoutInputs inputs;
    final Map<String, UserParts> users = new TreeMap<>();
    private final Map<Duration, Popularity> popularity = new HashMap<>();
    private final Map<CoOccurrenceSettings, ItemCoOccurrence> fits = new HashMap<>();

    Prepared(Holdout holdout, long atMillis, CoOccurrenceSettings configuredPairing, ItemCoOccurrence configuredFit,
             Factors factors, ServedAls servedAls, Map<String, Integer> trendingIndex) {
      this.holdout = holdout;
      this.atMillis = atMillis;
      this.configuredPairing = configuredPairing;
      fits.put(configuredPairing, configuredFit);
      this.factors = factors;
      this.servedAls = servedAls;
      this.trendingIndex = trendingIndex;
      this.inputs = new HoldoutInputs(holdout.at(), factors == null ? Map.of() : factors.items(), trendingIndex,
          holdout.lastInteraction());
    }

    /** Co-occurrence fitted on what the hold-out kept, paired as {@code sources} say; fitted once per pairing. */
    ItemCoOccurrence coOccurrence(SourceSettings sources, InteractionWeights weights) {
      return fits.computeIfAbsent(sources.coOccurrenceOr(configuredPairing),
          pairing -> HistoryTraining.coOccurrence(holdout.kept(), pairing, weights, atMillis));
    }

    /** Forgets every fit but {@code pairing}'s. */
    void retainFit(CoOccurrenceSettings pairing) {
      fits.keySet().removeIf(p -> !p.equals(pairing));
    }

    /** Popularity decayed with {@code halfLife} at the hold-out's moment, computed once per half-life. */
    Popularity popularity(Duration halfLife, InteractionWeights weights) {
      return popularity.computeIfAbsent(halfLife, h -> {
        Map<String, Double> scores = HistoryTraining.popularity(holdout.kept(), h, weights, atMillis);
        List<ScoredItem> first = ranked(scores);
        return new Popularity(new SourceScores.Source(scores, top(first)), first);
      });
    }
  }

  private record Popularity(SourceScores.Source source, List<ScoredItem> first) {}

  /**
   * One held-out user's part that no source setting changes: the kept history, every item in it (what
   * seen=exclude leaves out), their own items as the profile holds them (the repeat source), their
   * fold-in, ALS's best items for them (enough to fill the quota after their own items are left
   * out) with the best score, which scales the source, and trending at the moment they are asked.
   */
  private record UserParts(List<HistoryEvent> history, Set<String> seen, SourceScores.Source repeat,
                           float[] userVector, List<String> alsFirst, double alsMax, TrendingSnapshot trending) {}

  private static Prepared prepare(Holdout holdout, HistoryTraining.Settings training, InteractionWeights weights,
                                  Settings settings) {
    long atMillis = holdout.at().toEpochMilli();
    ItemCoOccurrence configuredFit = HistoryTraining.coOccurrence(holdout.kept(), training.coOccurrence(), weights,
        atMillis);
    Factors factors = settings.als() == null ? null : trainAls(holdout.kept(), weights, settings);
    ServedAls servedAls = factors == null ? null : new ServedAls(factors, settings);
    Map<String, Integer> trendingIndex = new HashMap<>();
    Map<String, TrendingSnapshot> trendingAsked = trendingWhenAsked(holdout, settings, trendingIndex);
    Prepared prepared = new Prepared(holdout, atMillis, training.coOccurrence(), configuredFit, factors, servedAls,
        trendingIndex);
    for (String user : new TreeMap<>(holdout.targets()).keySet()) {
      List<HistoryEvent> history = holdout.kept().get(user);
      Set<String> seen = seenItems(history);
      UserProfile profile = profileOf(user, history, settings.profile());
      SourceScores.Source repeat = SourceScores.repeat(profile, atMillis, settings.profile());
      float[] userVector = servedAls == null ? null
          : servedAls.foldIn(profile, holdout.at(), settings.profile(), settings.lowStrength());
      List<String> alsFirst = List.of();
      double alsMax = 0;
      if (userVector != null) {
        Map<String, Double> als = servedAls.scores(userVector);
        for (double v : als.values()) {
          alsMax = Math.max(alsMax, v);
        }
        alsFirst = new ArrayList<>();
        addTop(alsFirst, als, Set.of(), settings.candidates() + seen.size());
      }
      TrendingSnapshot trending = trendingAsked.getOrDefault(holdout.lastInteraction() ? "" : user,
          TrendingSnapshot.EMPTY);
      prepared.users.put(user, new UserParts(history, seen, repeat, userVector, alsFirst, alsMax, trending));
    }
    return prepared;
  }

  private static Set<String> seenItems(List<HistoryEvent> history) {
    Set<String> seen = new java.util.HashSet<>();
    history.forEach(e -> seen.add(e.itemId()));
    return seen;
  }

  /**
   * Trending as serving scores it when each held-out user is asked, keyed by user (by "" when one
   * moment serves all: the last-interaction hold-out asks everyone now). The cut hold-out asks each
   * user just before their next interaction, as a live node is asked: the node's trending has counted
   * every interaction until then, other users' after the cut too, while the rest of the sources were
   * fitted at the cut. Counted with the profile's type weights, at least 0, as a node's trending
   * counts live events. Each snapshot lists at least the user's quota past their own items.
   */
  private static Map<String, TrendingSnapshot> trendingWhenAsked(Holdout holdout, Settings settings,
                                                                 Map<String, Integer> indexOf) {
    if (settings.trendingHalfLife() == null) {
      return Map.of();
    }
    java.util.function.ToDoubleFunction<HistoryEvent> weight =
        e -> Math.max(0, settings.profile().weightOf(e.type(), null));
    if (holdout.lastInteraction()) {
      int listed = 0;
      for (String user : holdout.targets().keySet()) {
        listed = Math.max(listed, seenItems(holdout.kept().get(user)).size());
      }
      return Map.of("", TrendingReplay.at(holdout.kept(), holdout.at(), settings.trendingHalfLife(), weight,
          settings.candidates() + listed, indexOf));
    }
    Map<String, Instant> askedAt = new HashMap<>();
    holdout.targets().forEach((user, target) -> askedAt.put(user, target.time()));
    return TrendingReplay.snapshots(holdout.kept(), holdout.later(), holdout.at(), askedAt,
        settings.trendingHalfLife(), weight,
        user -> settings.candidates() + seenItems(holdout.kept().get(user)).size(), indexOf);
  }

  /**
   * The profile a live node holds after {@code history}: the same replay as the entity's. Items'
   * categories are left out: neither the repeat source nor the fold-in reads category affinities.
   */
  private static UserProfile profileOf(String user, List<HistoryEvent> history, ProfileSettings profileSettings) {
    UserProfile profile = UserProfile.empty(user);
    for (HistoryEvent e : history) {
      profile = profile.apply(new UserEvent(e.eventId(), user, e.type(), e.itemId(), e.time(), e.value(), null,
          Map.of()), null, profileSettings);
    }
    return profile;
  }

  private static void cases(Prepared p, SourceSettings sources, InteractionWeights weights, Settings settings,
                            List<Case> excludeCases, List<Case> includeCases) {
    Popularity decayed = p.popularity(sources.popularityHalfLife(), weights);
    SourceScores.Source popularity = decayed.source();
    List<ScoredItem> popular = decayed.first();
    ItemCoOccurrence fit = p.coOccurrence(sources, weights);
    p.users.forEach((user, parts) -> {
      Map<String, Double> coOccurrence = fit.scores(
          SourceScores.seedWeights(newestDistinct(parts.history(), sources.seeds(), settings.profileHistory()),
              sources.seedDecay()));
      HistoryEvent heldOut = p.holdout.targets().get(user);
      String held = heldOut.itemId();
      CaseInputs inputs = new CaseInputs(user, parts.history(), null, parts.userVector(), heldOut.time(),
          parts.trending(), p.inputs);
      UserSources userSources = new UserSources(SourceScores.Source.of(coOccurrence),
          parts.repeat(), popularity, p.trendingIndex, parts, p.servedAls);
      if (!parts.seen().contains(held)) {
        addCase(excludeCases, userSources, held, parts.seen(), popular, settings.candidates(), false, inputs);
      }
      addCase(includeCases, userSources, held, Set.of(), popular, settings.candidates(), true, inputs);
    });
  }

  /**
   * One user's sources for one trial; ALS and trending are scored over the candidates only, each
   * scaled by the user's best (trending: the best item when the user is asked).
   */
  private record UserSources(SourceScores.Source coOccurrence, SourceScores.Source repeat,
                             SourceScores.Source popularity, Map<String, Integer> trendingIndex, UserParts parts,
                             ServedAls servedAls) {
    SourceScores over(List<String> items) {
      Map<String, Double> recent = new HashMap<>(items.size() * 2);
      for (String item : items) {
        double scaled = parts.trending().scaled(item, trendingIndex);
        if (scaled > 0) {
          recent.put(item, scaled);
        }
      }
      SourceScores.Source trending = new SourceScores.Source(recent, 1);
      SourceScores.Source als = SourceScores.Source.NONE;
      if (parts.userVector() != null) {
        Map<String, Double> scores = new HashMap<>(items.size() * 2);
        for (String item : items) {
          Double dot = servedAls.score(parts.userVector(), item);
          if (dot != null) {
            scores.put(item, dot);
          }
        }
        als = new SourceScores.Source(scores, parts.alsMax());
      }
      return new SourceScores(coOccurrence, repeat, popularity, als, trending);
    }
  }

  private static List<ScoredItem> ranked(Map<String, Double> scores) {
    List<ScoredItem> ranked = new ArrayList<>(scores.size());
    scores.forEach((item, score) -> ranked.add(new ScoredItem(item, score)));
    ranked.sort(Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId));
    return ranked;
  }

  private static double top(List<ScoredItem> ranked) {
    return ranked.isEmpty() ? 0 : ranked.get(0).score();
  }

  private static Factors trainAls(Map<String, List<HistoryEvent>> kept, InteractionWeights weights, Settings settings) {
    InteractionMatrix.Builder pairs = InteractionMatrix.builder();
    kept.forEach((user, events) -> events.forEach(e -> {
      double weight = weights.weightOf(e);
      if (weight > 0) { // the kept events all teach; a pair needs a positive sum
        pairs.add(user, e.itemId(), weight);
      }
    }));
    return ImplicitAls.train(pairs.build(settings.strengthScale()::apply), settings.als(), Map.of());
  }

  /**
   * The ALS source as serving computes it: item vectors from the training, the user folded in by the
   * same function serving calls, from the profile replayed from the user's kept events (the profile's
   * type weights, decayed to the moment asked, at most its item capacity), not the training's user
   * factor. The two differ most for users whose history is old or mixes event types, and a share
   * tuned on the training's factors would rate an ALS that serving does not have.
   */
  private static final class ServedAls {
    private final Map<String, float[]> items;
    private final ItemGram.Snapshot gram;
    private final EmbeddingFoldIn foldIn;

    ServedAls(Factors factors, Settings settings) {
      this.items = factors.items();
      ItemGram itemGram = new ItemGram(settings.als().dimension());
      items.forEach(itemGram::put);
      this.gram = itemGram.snapshot();
      this.foldIn = new EmbeddingFoldIn(settings.als().dimension(), settings.als().regularization(),
          settings.als().alpha(), settings.strengthScale());
    }

    /** The user folded in from {@code profile} as serving folds in a live one at {@code at}, or null. */
    float[] foldIn(UserProfile profile, Instant at, ProfileSettings profileSettings, double lowStrength) {
      return foldIn.foldIn(profile, items::get, gram, at, profileSettings, lowStrength);
    }

    /** {@code item}'s inner product with {@code u}, or null when ALS has no vector for it. */
    Double score(float[] u, String item) {
      float[] v = items.get(item);
      if (v == null) {
        return null;
      }
      double dot = 0;
      for (int i = 0; i < u.length; i++) {
        dot += (double) u[i] * v[i];
      }
      return dot;
    }

    /** Every item's inner product with {@code u}. */
    Map<String, Double> scores(float[] u) {
      Map<String, Double> scores = new HashMap<>();
      items.forEach((item, v) -> {
        double dot = 0;
        for (int i = 0; i < u.length; i++) {
          dot += (double) u[i] * v[i];
        }
        scores.put(item, dot);
      });
      return scores;
    }
  }

  /** The candidates serving would take from each source, and each source's scaled scores over them. */
  private static void addCase(List<Case> cases, UserSources sources, String held, Set<String> excluded,
                              List<ScoredItem> popular, int perSource, boolean withRepeat, CaseInputs inputs) {
    Set<String> candidates = new LinkedHashSet<>();
    addTop(candidates, sources.coOccurrence().scores(), excluded, perSource);
    if (withRepeat) {
      addTop(candidates, sources.repeat().scores(), excluded, perSource);
    }
    addFirst(candidates, popular, excluded, perSource);
    addFirstIds(candidates, sources.parts().trending().bestFirst(), excluded, perSource);
    addFirstIds(candidates, sources.parts().alsFirst(), excluded, perSource); // already best first, ties by id
    List<String> items = new ArrayList<>(candidates);
    int target = items.indexOf(held);
    if (target < 0) {
      cases.add(new Case(null, -1, inputs)); // the target is not even a candidate: a miss whatever the weights
      return;
    }
    SourceScores scores = sources.over(items);
    float[][] scaled = new float[5][];
    for (int source = 0; source < 5; source++) {
      double[] unit = new double[5];
      unit[source] = 1;
      double[] values = scores.blend(items, SourceWeights.of(unit));
      scaled[source] = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        scaled[source][i] = (float) values[i];
      }
    }
    cases.add(new Case(scaled, target, new CaseInputs(inputs.user(), inputs.history(), items, inputs.userVector(),
        inputs.targetTime(), inputs.trending(), inputs.holdout())));
  }

  private static void addFirstIds(Set<String> into, List<String> bestFirst, Set<String> excluded, int k) {
    int taken = 0;
    for (String item : bestFirst) {
      if (taken == k) {
        break;
      }
      if (!excluded.contains(item)) {
        into.add(item);
        taken++;
      }
    }
  }

  private static void addFirst(Set<String> into, List<ScoredItem> ranked, Set<String> excluded, int k) {
    int taken = 0;
    for (ScoredItem item : ranked) {
      if (taken == k) {
        break;
      }
      if (!excluded.contains(item.itemId())) {
        into.add(item.itemId());
        taken++;
      }
    }
  }

  private static void addTop(java.util.Collection<String> into, Map<String, Double> scores, Set<String> excluded,
                             int k) {
    scores.entrySet().stream().filter(e -> !excluded.contains(e.getKey()))
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(k).forEach(e -> into.add(e.getKey()));
  }

  record Best(SourceWeights weights, double hitRate) {}

  /**
   * Coordinate ascent from the defaults: each source's weight in turn set to the grid value of the
   * highest mean HR@10 with the others held, for a few rounds; ties keep the current value.
   */
  private static Best best(List<List<Case>> holdouts, boolean include, boolean withAls, boolean withTrending) {
    double[] w = RetrievalBlend.DEFAULT.weights(include).values();
    if (!include) {
      w[1] = 0; // seen items are not candidates: repeat cannot matter
    }
    if (!withAls) {
      w[3] = 0;
    }
    if (!withTrending) {
      w[4] = 0;
    }
    double bestRate = meanHitRate(holdouts, w);
    for (int round = 0; round < ROUNDS; round++) {
      boolean changed = false;
      for (int source = 0; source < GRID.length; source++) {
        if ((source == 1 && !include) || (source == 3 && !withAls) || (source == 4 && !withTrending)) {
          continue;
        }
        for (double value : GRID[source]) {
          double[] tried = w.clone();
          tried[source] = value;
          double rate = meanHitRate(holdouts, tried);
          if (rate > bestRate) {
            bestRate = rate;
            w = tried;
            changed = true;
          }
        }
      }
      if (!changed) {
        break;
      }
    }
    return new Best(SourceWeights.of(w), bestRate);
  }

  private static double meanHitRate(List<List<Case>> holdouts, double[] weights) {
    double sum = 0;
    int measured = 0;
    for (List<Case> cases : holdouts) {
      if (!cases.isEmpty()) {
        sum += hitRate(cases, weights);
        measured++;
      }
    }
    return measured == 0 ? Double.NaN : sum / measured;
  }

  /** Hits when fewer than K candidates score above the target (ties: those listed before it). */
  private static double hitRate(List<Case> cases, double[] weights) {
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

  /** The blend's score of each of the case's candidates under {@code weights}. */
  static double[] blended(Case c, double[] weights) {
    int n = c.scaled()[0].length;
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = score(c.scaled(), weights, i);
    }
    return scores;
  }

  /** How many of {@code n} items score above item {@code target} (ties: those listed before it), up to K. */
  static int rankOf(int target, java.util.function.IntToDoubleFunction score, int n) {
    double targetScore = score.applyAsDouble(target);
    int above = 0;
    for (int i = 0; i < n && above < K; i++) {
      double s = score.applyAsDouble(i);
      if (s > targetScore || (s == targetScore && i < target)) {
        above++;
      }
    }
    return above;
  }

  static double score(float[][] scaled, double[] weights, int i) {
    double s = 0;
    for (int source = 0; source < weights.length; source++) {
      s += weights[source] * scaled[source][i];
    }
    return s;
  }

  /**
   * Newest first from a history sorted {@link HistoryEvent#IN_ORDER}: items of one moment in reverse
   * arrival order, among its newest {@code newestEvents} events, as serving picks its seeds from a
   * live profile (which keeps that many).
   */
  private static List<String> newestDistinct(List<HistoryEvent> oldestFirst, int limit, int newestEvents) {
    Set<String> distinct = new LinkedHashSet<>();
    int oldest = Math.max(0, oldestFirst.size() - newestEvents);
    for (int i = oldestFirst.size() - 1; i >= oldest && distinct.size() < limit; i--) {
      distinct.add(oldestFirst.get(i).itemId());
    }
    return List.copyOf(distinct);
  }

}
