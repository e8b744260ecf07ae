package io.persona.actors.recommend;

import io.persona.actors.activity.ItemSignals;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.models.history.HistoryModel;
import io.persona.models.history.SourceScores;
import io.persona.models.history.SourceSettings;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import io.persona.models.retrieval.ScoredItem;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every candidate of a request scored by every retrieval source (not only the one that proposed
 * it), each source scaled by its own best for the user, the way the history's hold-outs score them
 * ({@link io.persona.models.history.BlendTuning}). The scores are the ranker's retrieval features,
 * and, when no trained ranker is served, the order: blended with the weights the history model
 * measured on the history itself, through the same {@link SourceScores#blend} the measurement used.
 */
final class SourceScoring {
  private final CatalogReplica catalog;
  private final ItemSignals signals;
  private final int historySeeds;
  /** Trending's quota is 0: the source is off, in the order too. */
  private final boolean trendingOff;
  private final double historySeedDecay;
  private final ProfileSettings profileSettings;

  SourceScoring(CatalogReplica catalog, ItemSignals signals, RecommendSettings settings, ProfileSettings profileSettings) {
    this.catalog = catalog;
    this.signals = signals;
    this.trendingOff = settings.quotas().trending() == 0;
    this.historySeeds = settings.historySeeds();
    this.historySeedDecay = settings.historySeedDecay();
    this.profileSettings = profileSettings;
  }

  /** The blended score of each of {@code ids} under {@code scores} (higher first). */
  static double[] order(HistoryModel model, SourceScores scores, List<String> ids, SeenItems seen) {
    return scores.blend(ids, model.blend().weights(seen == SeenItems.INCLUDE));
  }

  /**
   * The user's newest distinct items that seed co-occurrence, newest first: as many as the model's
   * blend was measured with, when its measurement chose them, else as configured.
   */
  List<String> seeds(HistoryModel model, UserProfile profile) {
    SourceSettings sources = model.blend().sourcesOr(null);
    int seeds = sources == null ? historySeeds : sources.seeds();
    return CandidateRetrieval.recentDistinctItems(profile.recentHistory(), seeds);
  }

  /** Each source's scores for this user, over {@code ids} (and whatever else a source scales by). */
  SourceScores scores(HistoryModel model, UserProfile profile, float[] userEmbedding, List<String> ids, Instant now) {
    // the seed decay the model's blend was measured with, when its measurement chose it
    SourceSettings sources = model.blend().sourcesOr(null);
    double seedDecay = sources == null ? historySeedDecay : sources.seedDecay();
    Map<String, Double> coOccurrence = model.coOccurrence().scores(SourceScores.seedWeights(
        seeds(model, profile), seedDecay));
    Map<String, Double> als = new HashMap<>();
    if (userEmbedding != null) {
      // the user's own items too, though they may not be candidates: the measurement scaled ALS by
      // the user's best item over the whole catalog, and the user's own items are usually that
      addInnerProducts(als, userEmbedding, ids);
      addInnerProducts(als, userEmbedding, profile.itemAffinities().keySet());
    }
    List<ScoredItem> popularFirst = model.popularFirst();
    Map<String, Double> trending = new HashMap<>();
    for (String id : trendingOff ? List.<String>of() : ids) {
      trending.put(id, signals.trending().score(id, now));
    }
    List<ScoredItem> trendingFirst = trendingOff ? List.of() : signals.trendingTop(1, now);
    return new SourceScores(SourceScores.Source.of(coOccurrence),
        SourceScores.repeat(profile, now.toEpochMilli(), profileSettings),
        new SourceScores.Source(model.popularity(), popularFirst.isEmpty() ? 0 : popularFirst.get(0).score()),
        SourceScores.Source.of(als),
        new SourceScores.Source(trending, trendingFirst.isEmpty() ? 0 : trendingFirst.get(0).score()));
  }

  private void addInnerProducts(Map<String, Double> into, float[] user, java.util.Collection<String> items) {
    for (String id : items) {
      float[] v = catalog.isTrained(id) ? catalog.embedding(id) : null;
      if (v != null) {
        double dot = 0;
        for (int i = 0; i < v.length; i++) {
          dot += (double) user[i] * v[i];
        }
        into.put(id, dot);
      }
    }
  }
}
