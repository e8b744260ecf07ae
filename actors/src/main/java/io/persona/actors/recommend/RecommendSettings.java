package io.persona.actors.recommend;

import com.typesafe.config.Config;
import io.persona.models.retrieval.CandidateQuotas;
import io.persona.models.retrieval.ExclusionRules;
import io.persona.models.retrieval.StrengthScale;

import java.time.Duration;
import java.util.Set;

/**
 * How a node recommends ({@code persona.recommend}).
 *
 * @param quotas           the candidates each source retrieves, where a ranker orders the list
 * @param blendQuotas      the same scaled by {@code candidates.blend-share}, where the history
 *                         model's blend orders it (no trained ranker, or one that does not order
 *                         this seen mode): the blend's hit rate did not need more (README, "Fewer
 *                         candidates"), a ranker does
 * @param explorationShare probability that a slot is filled by a uniformly drawn eligible
 *                         candidate instead of the best-scored one (the propensity is logged)
 * @param explorationPool  how many of the best eligible candidates exploration draws from (0: all)
 * @param seenDefault      what a request without a {@code seen} parameter is served as: exclude,
 *                         include or by type ({@code persona.recommend.seen-default})
 * @param historyRankerModes the seen modes a ranker trained from history may order
 *                         ({@code persona.learning.history.ranker.modes}), whatever its stored verdict says
 * @param coVisitationSeeds newest distinct items of the user's history that seed co-visitation
 * @param popularityRefresh how often the popularity fallback is rebuilt from live statistics
 * @param modelFile         a model artifact to serve from start; empty for the popularity fallback
 * @param foldInRegularization λ of the user fold-in: the embedding training's, read from
 *                             {@code persona.learning.embeddings}, because a user vector must solve
 *                             the same equations the item vectors were trained with
 * @param foldInAlpha          confidence per unit of affinity: the training's alpha, for the same reason
 * @param foldInStrengthScale  how an affinity becomes strength: the training's scale
 * @param foldInLowStrength    the strength at which an item the profile holds at or below 0 (a low
 *                             rating) enters the fold-in: the training's weight of a rating below
 *                             its threshold ({@code persona.learning.history.rating.below-threshold})
 * @param retrievalCacheTtl    how long a user's retrieved candidates may be ranked again while the user
 *                             does nothing ({@link RetrievalCache}); zero: retrieve for every request
 * @param retrievalCacheUsers  at most this many users' candidates are kept
 * @param pushesFirst          a free thread takes a live socket's waiting list before any waiting
 *                             request ({@link RecommendLanes}); false: one queue in arrival order
 */
public record RecommendSettings(
    int defaultK,
    int maxK,
    CandidateQuotas quotas,
    CandidateQuotas blendQuotas,
    int maxPerCategory,
    double explorationShare,
    int explorationPool,
    ExclusionRules exclusions,
    SeenItems seenDefault,
    Set<String> historyRankerModes,
    String variant,
    int coVisitationSeeds,
    int historySeeds,
    double historySeedDecay,
    double foldInRegularization,
    double foldInAlpha,
    StrengthScale foldInStrengthScale,
    double foldInLowStrength,
    Duration profileTimeout,
    Duration popularityRefresh,
    String modelFile,
    int maxWaiting,
    Duration maxQueueWait,
    Duration retrievalCacheTtl,
    int retrievalCacheUsers,
    boolean pushesFirst) {

  public static final String DISPATCHER = "persona.recommend.dispatcher";

  public RecommendSettings {
    if (defaultK < 1 || defaultK > maxK) {
      throw new IllegalArgumentException("default-k must be in [1, max-k]");
    }
    if (maxPerCategory < 0) {
      throw new IllegalArgumentException("max-per-category must be >= 0 (0: no limit)");
    }
    if (!(explorationShare >= 0 && explorationShare < 1)) {
      throw new IllegalArgumentException("exploration-share must be in [0, 1)");
    }
    if (!(foldInLowStrength >= 0) || Double.isInfinite(foldInLowStrength)) {
      throw new IllegalArgumentException("the fold-in's low-rating strength must be finite and not negative");
    }
    if (seenDefault == null || seenDefault == SeenItems.DEFAULT) {
      throw new IllegalArgumentException("seen-default must be exclude, include or by-type");
    }
    if (retrievalCacheTtl == null || retrievalCacheTtl.isNegative()) {
      throw new IllegalArgumentException("retrieval-cache.ttl must not be negative");
    }
    if (retrievalCacheUsers < 0) {
      throw new IllegalArgumentException("retrieval-cache.max-users must not be negative");
    }
    if (explorationPool < 0) {
      throw new IllegalArgumentException("exploration-pool must not be negative");
    }
  }

  public static RecommendSettings fromConfig(Config config) {
    Config c = config.getConfig("persona.recommend");
    Config q = c.getConfig("candidates");
    CandidateQuotas quotas = new CandidateQuotas(q.getInt("total"), q.getInt("repeat"), q.getInt("history"),
        q.getInt("ann"), q.getInt("co-visitation"), q.getInt("category-popular"), q.getInt("popular"),
        q.getInt("trending"), q.getInt("fresh"));
    double blendShare = q.getDouble("blend-share");
    if (!(blendShare > 0 && blendShare <= 1)) {
      throw new IllegalArgumentException("candidates.blend-share must be in (0, 1], was " + blendShare);
    }
    return new RecommendSettings(
        c.getInt("default-k"),
        c.getInt("max-k"),
        quotas,
        quotas.scaled(blendShare),
        c.getInt("max-per-category"),
        c.getDouble("exploration-share"),
        c.getInt("exploration-pool"),
        new ExclusionRules(Set.copyOf(c.getStringList("exclude-event-types"))),
        SeenItems.parseDefault(c.getString("seen-default")),
        Set.copyOf(config.getStringList("persona.learning.history.ranker.modes")),
        c.getString("variant"),
        c.getInt("co-visitation-seeds"),
        c.getInt("history-seeds"),
        c.getDouble("history-seed-decay"),
        config.getDouble("persona.learning.embeddings.regularization"),
        config.getDouble("persona.learning.embeddings.alpha"),
        StrengthScale.parse(config.getString("persona.learning.embeddings.strength-scale")),
        config.getDouble("persona.learning.history.rating.below-threshold"),
        c.getDuration("profile-timeout"),
        c.getDuration("popularity-refresh"),
        c.getString("model-file"),
        c.getInt("max-waiting"),
        c.getDuration("max-queue-wait"),
        c.getDuration("retrieval-cache.ttl"),
        c.getInt("retrieval-cache.max-users"),
        c.getBoolean("pushes-first"));
  }
}
