package io.persona.actors.recommend;

import io.persona.actors.rules.RuleBook;
import io.persona.actors.slate.SlateLogWriter;
import io.persona.actors.activity.ItemSignals;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.actors.recommend.RecommendTelemetry;
import io.persona.actors.recommend.RecommendTelemetry.Stage;
import io.persona.actors.model.ServingModels;
import io.persona.models.artifact.ModelMetadata;
import io.persona.models.catalog.Item;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.FeatureVector;
import io.persona.models.features.ItemInput;
import io.persona.models.features.RetrievalSignals;
import io.persona.models.features.UserInput;
import io.persona.models.history.HistoryModel;
import io.persona.models.history.HistoryRanking;
import io.persona.models.history.SourceScores;
import io.persona.models.history.SourceWeights;
import io.persona.models.ranking.FeatureAttribution;
import io.persona.models.ranking.PopularityRanker;
import io.persona.models.ranking.Ranker;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import io.persona.models.ranking.Scores;
import io.persona.models.retrieval.Candidate;
import io.persona.models.retrieval.CandidateQuotas;
import io.persona.models.retrieval.CandidateSource;
import io.persona.models.rules.ActiveRules;
import io.persona.models.rules.BusinessRule;
import io.persona.models.rules.RuleLog;
import io.persona.models.retrieval.EmbeddingFoldIn;
import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;


import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Retrieval, ranking and the slate for one user, from the user's live profile. Everything runs
 * on {@code blocking} (a bounded dispatcher reserved for this work), never on the default
 * dispatcher and never inside the user's entity, because DJL scoring blocks its thread.
 */
public final class Recommender {
  /** The kind a slate reports when it follows the history model's retrieval order. */
  public static final String HISTORY_KIND = "history";
  private final CatalogReplica catalog;
  private final ItemSignals signals;
  private final CandidateRetrieval retrieval;
  private final HistoryModelHolder history;
  private final ServingModels models;
  private final FeatureSpec spec;
  private final EmbeddingFoldIn foldIn;
  private final SourceScoring sourceScoring;
  private final RecommendSettings settings;
  private final SlateLogWriter log;
  private final Consumer<List<String>> impressions;
  private final RecommendLanes lanes;
  private final RuleBook rules;
  private final RetrievalCache retrievalCache;

  /**
   * @param blocking where lists are computed (requests' and, first when {@link RecommendSettings#pushesFirst},
   *                 live sockets')
   * @param rules    the operator's business rules, applied to every list after ranking
   */
  public Recommender(CatalogReplica catalog, ItemSignals signals, HistoryModelHolder history, ServingModels models,
                     FeatureSpec spec, RecommendSettings settings, SlateLogWriter log,
                     Consumer<List<String>> impressions, Executor blocking, RuleBook rules) {
    this.rules = rules;
    this.catalog = catalog;
    this.signals = signals;
    this.models = models;
    this.spec = spec;
    this.settings = settings;
    this.log = log;
    this.impressions = impressions;
    this.lanes = new RecommendLanes(blocking, settings.pushesFirst(), settings.maxWaiting(), settings.maxQueueWait());
    this.history = history;
    this.retrieval = new CandidateRetrieval(catalog, signals, settings, spec.profileSettings());
    this.retrievalCache = new RetrievalCache(settings.retrievalCacheTtl(), settings.retrievalCacheUsers());
    this.sourceScoring = new SourceScoring(catalog, signals, settings, spec.profileSettings());
    this.foldIn = new EmbeddingFoldIn(catalog.index().dimension(), settings.foldInRegularization(),
        settings.foldInAlpha(), settings.foldInStrengthScale());
  }

  /** The recommendation, computed on the bounded pool (see {@link BoundedWork}: full or late is a 503). */
  public CompletionStage<Recommendation> recommend(UserProfile profile, RecommendationRequest request) {
    return lanes.request(() -> compute(profile, request), queued -> RecommendTelemetry.lap(Stage.QUEUE, queued));
  }

  /**
   * The same for a live socket; with {@link RecommendSettings#pushesFirst} it is taken before any
   * waiting request ({@link RecommendLanes}), else in line with them.
   */
  public CompletionStage<Recommendation> recommendForPush(UserProfile profile, RecommendationRequest request) {
    return lanes.push(() -> compute(profile, request), queued -> RecommendTelemetry.lap(Stage.QUEUE, queued));
  }

  /** The whole computation, on the calling thread (tests and benchmarks call it directly). */
  public Recommendation compute(UserProfile profile, RecommendationRequest request) {
    long stageStart = System.nanoTime();
    ProfileSettings profileSettings = spec.profileSettings();
    // Once a table is trained the user is folded into its space only: a cold-start direction is no
    // coordinate of it (and ANN searches trained vectors only, see CandidateRetrieval).
    java.util.function.Function<String, float[]> vectors = catalog.trainedEmbeddings() > 0
        ? id -> catalog.isTrained(id) ? catalog.embedding(id) : null
        : catalog::embedding;
    float[] userEmbedding = foldIn.foldIn(profile, vectors, catalog.trainedGram(), request.context().now(),
        profileSettings, settings.foldInLowStrength());
    SeenItems seen = request.seen().resolve(settings.seenDefault());
    HistoryModel learned = history.current();
    try (ServingModels.Assigned assigned = models.assign(request.userId())) {
      ModelMetadata model = assigned.lease().ranker().metadata();
      // No trained ranker yet (the popularity fallback knows only served impressions), or a ranker
      // from history that did not beat the blend in this seen mode: the history sources, blended with
      // the shares measured on the history, are the best order there is, and need fewer candidates.
      // A ranker from history was judged with seen items excluded or included only: lists that
      // exclude by type (viewed items may come back) follow the blend.
      boolean blendOrders = !learned.isEmpty() && (PopularityRanker.KIND.equals(model.kind())
          || (HistoryRanking.fromHistory(model.metrics()) && seen == SeenItems.BY_TYPE)
          || !HistoryRanking.orders(model.metrics(), seen == SeenItems.INCLUDE, settings.historyRankerModes()));
      ActiveRules active = rules.at(request.context().now());
      List<Candidate> candidates;
      List<String> unknown = List.of();
      List<String> leftOut = new ArrayList<>();
      if (request.candidates() == null) {
        candidates = retrieved(learned, profile, userEmbedding, request, seen,
            blendOrders ? settings.blendQuotas() : settings.quotas());
        candidates = withPinned(candidates, active, profile, seen, request);
      } else {
        CandidateRetrieval.Given given = retrieval.given(request.candidates(), profile, seen, request.filter());
        candidates = given.candidates();
        unknown = given.unknown();
        leftOut.addAll(given.leftOut());
      }
      stageStart = RecommendTelemetry.lap(Stage.RETRIEVAL, stageStart);

      List<Item> items = new ArrayList<>(candidates.size());
      List<Candidate> kept = new ArrayList<>(candidates.size());
      List<String> ids = new ArrayList<>(candidates.size());
      Map<String, Integer> blocked = new java.util.TreeMap<>();
      for (Candidate candidate : candidates) {
        Item item = catalog.item(candidate.itemId());
        if (item == null) { // removed from the replica since retrieval: skip rather than fail
          continue;
        }
        java.util.Optional<String> blockedBy = active.blockedBy(item);
        if (blockedBy.isPresent()) { // before ranking, so exploration cannot draw it either
          blocked.merge(blockedBy.get(), 1, Integer::sum);
          if (request.candidates() != null) {
            leftOut.add(item.itemId());
          }
          continue;
        }
        items.add(item);
        kept.add(candidate);
        ids.add(item.itemId());
      }
      List<String> ruleLog = new ArrayList<>();
      blocked.forEach((rule, count) -> ruleLog.add(RuleLog.block(rule, count)));
      RuleContext ruleContext = new RuleContext(active, ruleLog);
      SourceScores sources = sourceScoring.scores(learned, profile, userEmbedding, ids, request.context().now());
      if (items.isEmpty()) {
        return new Recommendation(request.requestId(), request.userId(), request.context().now(), model.version(),
            model.kind(), assigned.variant(), 0, List.of(), unknown, leftOut);
      }
      UserInput user = new UserInput(profile, userEmbedding);
      // a list asked in the retrieval order follows the blend where there is one (the same candidates)
      boolean byHistory = blendOrders || (!learned.isEmpty() && request.order() == ListOrder.RETRIEVAL);
      Recommendation recommendation;
      ScoredRows scored;
      if (byHistory) {
        // the blend orders: only the rows the slate shows need their features and the ranker's score.
        // The picking comes first here; it is timed with the slate stage, as for a ranker's list.
        long picking = System.nanoTime();
        SlatePicks picks = picks(request, items, SourceScoring.order(learned, sources, ids, seen), ruleContext);
        long pickingNanos = System.nanoTime() - picking;
        scored = scored(user, items, vectors, sources, request, seen, assigned.lease().ranker(), picks.rows(),
            stageStart + pickingNanos);
        stageStart = System.nanoTime() - pickingNanos;
        recommendation = slate(request, learned.version(), HISTORY_KIND, assigned.variant(), kept, items, picks,
            scored, unknown, leftOut, ruleContext);
      } else {
        int[] every = java.util.stream.IntStream.range(0, items.size()).toArray();
        scored = scored(user, items, vectors, sources, request, seen, assigned.lease().ranker(), every, stageStart);
        stageStart = System.nanoTime();
        SlatePicks picks = picks(request, items, rankedOrder(model, learned, sources, ids, seen, scored.scores()),
            ruleContext);
        recommendation = slate(request, model.version(), model.kind(), assigned.variant(), kept, items, picks,
            scored, unknown, leftOut, ruleContext);
      }
      RecommendTelemetry.lap(Stage.SLATE, stageStart);
      if (request.explain()) {
        recommendation = explain(recommendation, items, scored, byHistory, learned, sources, ids, profile, seen,
            assigned.lease().ranker());
      }
      return recommendation;
    }
  }

  /**
   * Each listed item's explanation: its sources, the user's items it goes with, and the features that
   * moved its ordering score (the blend's exact parts, or the ranker's leave-one-feature-out effects).
   * A ranker from history that orders only the blend's best few ({@link HistoryRanking#cascade})
   * leaves the rest in the blend's order: those are explained as the blend's.
   */
  private Recommendation explain(Recommendation recommendation, List<Item> items, ScoredRows scored,
                                 boolean byHistory, HistoryModel learned, SourceScores sources, List<String> ids,
                                 UserProfile profile, SeenItems seen, Ranker ranker) {
    Map<String, RetrievalSignals> signalsById = new HashMap<>();
    Map<String, Integer> rowById = new HashMap<>();
    for (int row = 0; row < items.size(); row++) {
      signalsById.put(items.get(row).itemId(), sources.signals(items.get(row).itemId()));
      rowById.put(items.get(row).itemId(), row);
    }
    boolean[] rankerOrdered = new boolean[items.size()];
    if (!byHistory) {
      Double depth = ranker.metadata().metrics().get(HistoryRanking.RERANK_DEPTH);
      boolean cascade = depth != null && depth > 0 && !learned.isEmpty();
      boolean[] pool = cascade ? HistoryRanking.pool(SourceScoring.order(learned, sources, ids, seen), depth.intValue())
          : null;
      for (int row = 0; row < rankerOrdered.length; row++) {
        rankerOrdered[row] = pool == null || pool[row];
      }
    }
    List<String> listed = recommendation.items().stream().map(Recommendation.Item::itemId).toList();
    List<String> byRanker = listed.stream().filter(id -> rankerOrdered[rowById.get(id)]).toList();
    Map<String, String> orderedBy = new HashMap<>();
    Map<String, List<FeatureAttribution.Effect>> features = new HashMap<>();
    for (String id : listed) {
      if (!rankerOrdered[rowById.get(id)]) { // only where a history model exists, so its blend does
        SourceWeights weights = learned.blend().weights(seen == SeenItems.INCLUDE);
        orderedBy.put(id, ItemExplanation.BLEND);
        features.put(id, ItemExplanations.blendParts(signalsById.get(id), weights));
      }
    }
    // the popularity fallback reads no feature (it orders by each item's served CTR): nothing to try
    if (!byRanker.isEmpty() && !PopularityRanker.KIND.equals(ranker.metadata().kind())) {
      // a list the ranker orders had every candidate encoded: the attribution's reference is the whole batch
      List<List<FeatureAttribution.Effect>> effects = FeatureAttribution.of(spec, ranker, scored.batch(),
          byRanker.stream().mapToInt(id -> scored.batchRow()[rowById.get(id)]).toArray(),
          ItemExplanations.MAX_FEATURES);
      for (int i = 0; i < byRanker.size(); i++) {
        features.put(byRanker.get(i), effects.get(i));
      }
    }
    byRanker.forEach(id -> orderedBy.put(id, ItemExplanation.RANKER));
    return recommendation.explained(ItemExplanations.of(listed, signalsById, learned,
        sourceScoring.seeds(learned, profile), orderedBy, features));
  }

  /**
   * The ranker's order; for a ranker trained from history that orders only the blend's best few
   * ({@link HistoryRanking#cascade}), those first by the ranker and the rest by the blend, as it was
   * trained and judged.
   */
  private static double[] rankedOrder(ModelMetadata model, HistoryModel learned, SourceScores sources, List<String> ids,
                                      SeenItems seen, Scores scores) {
    Double depth = model.metrics().get(HistoryRanking.RERANK_DEPTH);
    if (depth == null || depth <= 0 || learned.isEmpty()) {
      return SlateOrder.of(scores);
    }
    return HistoryRanking.cascade(SourceScoring.order(learned, sources, ids, seen), SlateOrder.of(scores),
        depth.intValue());
  }

  /**
   * The features and the served ranker's scores of {@code rows}, encoded the one way the ranker was
   * trained with (the feature and ranking stages of the request's telemetry).
   *
   * @param vectors the item vectors the user was folded in with: once a table is trained, a
   *                cold-start direction is no coordinate of it, and its inner product with the user
   *                means nothing
   */
  private ScoredRows scored(UserInput user, List<Item> items, java.util.function.Function<String, float[]> vectors,
                            SourceScores sources, RecommendationRequest request, SeenItems seen, Ranker ranker,
                            int[] rows, long stageStart) {
    Instant now = request.context().now();
    List<ItemInput> inputs = new ArrayList<>(rows.length);
    for (int row : rows) {
      Item item = items.get(row);
      inputs.add(new ItemInput(item, signals.stats(item.itemId(), now), vectors.apply(item.itemId()),
          sources.signals(item.itemId())));
    }
    FeatureBatch batch = spec.encodeBatch(user, inputs, request.context().withSeenIncluded(seen == SeenItems.INCLUDE));
    stageStart = RecommendTelemetry.lap(Stage.FEATURES, stageStart);
    Scores scores = ranker.score(batch);
    RecommendTelemetry.lap(Stage.RANKING, stageStart);
    return ScoredRows.of(rows, items.size(), batch, scores);
  }

  /** The rows a slate shows, in its order, with the business rules' boosts and pins applied. */
  private record SlatePicks(List<SlateSelection.Pick> picks, List<List<BusinessRule.BoostAttribute>> boosts,
                            Map<Integer, BusinessRule.PinItem> pinByRow) {
    int[] rows() {
      return picks.stream().mapToInt(SlateSelection.Pick::row).toArray();
    }
  }

  /**
   * @param items the candidates' catalog items (each pick's row is a row of this list)
   * @param order what the slate is picked by, highest first
   */
  private SlatePicks picks(RecommendationRequest request, List<Item> items, double[] order, RuleContext ruleContext) {
    // The caller's own page comes back in the model's order, whole if asked, never shuffled by
    // exploration: a search page that reorders itself at random is a bug to its users. Its log
    // then says so (propensity 1 for every slot: a deterministic policy).
    boolean callersItems = request.candidates() != null;
    int k = callersItems ? request.k() : Math.min(request.k(), settings.maxK());
    double exploration = callersItems ? 0 : settings.explorationShare();
    String[] categories = items.stream().map(Item::category).toArray(String[]::new);
    // Seeded by the request id: a logged slate can be reproduced exactly.
    SplittableRandom random = new SplittableRandom(request.requestId().hashCode() * 0x9E3779B97F4A7C15L);
    // nor is it thinned out per category: the caller chose its items
    ActiveRules active = ruleContext.active();
    List<List<BusinessRule.BoostAttribute>> boosts = new ArrayList<>(items.size());
    double[] ordered = order;
    if (!active.isEmpty()) { // after ranking: the model's own scores are logged, the rules' order is served
      ordered = order.clone();
      for (int row = 0; row < items.size(); row++) {
        List<BusinessRule.BoostAttribute> matching = active.boostsOf(items.get(row));
        boosts.add(matching);
        ordered[row] = ActiveRules.boosted(order[row], matching);
      }
    }
    List<SlateSelection.Pick> picks = SlateSelection.select(ordered, categories, k,
        callersItems ? 0 : settings.maxPerCategory(), exploration, settings.explorationPool(), random);
    Map<Integer, BusinessRule.PinItem> pinByRow = new HashMap<>();
    if (!callersItems && !active.pins().isEmpty()) {
      Map<String, Integer> rowOf = new HashMap<>();
      for (int row = 0; row < items.size(); row++) {
        rowOf.put(items.get(row).itemId(), row);
      }
      List<SlateRules.Pin> pins = new ArrayList<>();
      for (BusinessRule.PinItem pin : active.pins()) {
        Integer row = rowOf.get(pin.itemId()); // absent: left out by the request (seen, filters) or blocked
        // a slot past this list's k is not in it: the item keeps the place the ranking gave it
        if (row != null && pin.slot() < k) {
          pins.add(new SlateRules.Pin(row, pin.slot()));
          pinByRow.put(row, pin);
        }
      }
      picks = SlateRules.pinned(picks, pins, k);
    }
    return new SlatePicks(picks, boosts, pinByRow);
  }

  /**
   * The served list and its log entry: each shown item with the features and scores it was shown with
   * (the reported score is the calibrated probability, whatever ordered the list).
   *
   * @param scored holds at least the picked rows
   */
  private Recommendation slate(RecommendationRequest request, String modelVersion, String modelKind, String variant,
                               List<Candidate> candidates, List<Item> catalogItems, SlatePicks slatePicks,
                               ScoredRows scored, List<String> unknown, List<String> leftOut,
                               RuleContext ruleContext) {
    List<SlateSelection.Pick> picks = slatePicks.picks();
    List<List<BusinessRule.BoostAttribute>> boosts = slatePicks.boosts();
    Map<Integer, BusinessRule.PinItem> pinByRow = slatePicks.pinByRow();
    List<String> ruleLog = ruleContext.log();

    List<Recommendation.Item> items = new ArrayList<>(picks.size());
    List<ServedItem> served = new ArrayList<>(picks.size());
    List<String> shown = new ArrayList<>(picks.size());
    for (int position = 0; position < picks.size(); position++) {
      SlateSelection.Pick pick = picks.get(position);
      int row = pick.row();
      Item item = catalogItems.get(row);
      String source = candidates.get(row).source().label();
      FeatureVector features = scored.features(row);
      BusinessRule.PinItem pin = pinByRow.get(row);
      if (pin != null) {
        ruleLog.add(RuleLog.pin(pin.id(), item.itemId(), position));
      }
      if (!boosts.isEmpty()) {
        boosts.get(row).forEach(boost -> ruleLog.add(RuleLog.boost(boost.id(), item.itemId())));
      }
      items.add(new Recommendation.Item(item.itemId(), position, item.title(), item.category(),
          scored.calibrated(row), source, pick.explored()));
      served.add(new ServedItem(item.itemId(), position, source, scored.raw(row), scored.calibrated(row),
          pick.propensity(), features.dense(), features.sparse()));
      shown.add(item.itemId());
    }
    if (!request.preview()) { // a preview was not shown to the user: nothing to learn from it
      log.offer(new ServedSlate(request.requestId(), request.userId(), request.context().now(), modelVersion,
          modelKind, variant, spec.fingerprint(), served, ruleLog));
      impressions.accept(shown);
    }
    return new Recommendation(request.requestId(), request.userId(), request.context().now(), modelVersion,
        modelKind, variant, candidates.size(), items, unknown, leftOut);
  }

  /**
   * Retrieval's candidates for this request: those kept for the user since the user's last event
   * when they still hold ({@link RetrievalCache}), else retrieved now and kept.
   */
  private List<Candidate> retrieved(HistoryModel learned, UserProfile profile, float[] userEmbedding,
                                    RecommendationRequest request, SeenItems seen, CandidateQuotas quotas) {
    if (!retrievalCache.enabled()) {
      return retrieval.retrieve(learned, profile, userEmbedding, request.context().now(), seen, request.filter(),
          quotas);
    }
    ItemFilter filter = request.filter();
    RetrievalCache.Key key = RetrievalCache.Key.of(request.userId(), seen, filter, quotas);
    RetrievalCache.Stamp stamp = new RetrievalCache.Stamp(profile.totalEvents(), profile.lastActivity(),
        learned.version(), catalog.vectorsVersion());
    List<Candidate> kept = retrievalCache.lookup(key, stamp, filter.excluded(),
        id -> catalog.recommendable(id) && (filter.isEmpty() || filter.admits(catalog.item(id))));
    RecommendTelemetry.retrievalCache(kept != null);
    if (kept != null) {
      return kept;
    }
    List<Candidate> candidates =
        retrieval.retrieve(learned, profile, userEmbedding, request.context().now(), seen, filter, quotas);
    retrievalCache.store(key, stamp, filter.excluded(), candidates, id -> {
      Item item = catalog.item(id);
      return item == null ? null : item.itemId();
    });
    return candidates;
  }

  /** The rules in force for one list, and what they changed in it so far (the slate's log entries). */
  private record RuleContext(ActiveRules active, List<String> log) {}

  /**
   * The retrieved candidates plus the pinned items no source proposed, when the request admits them
   * (available, not seen under seen=exclude, through its filters): a pin never forces in an item the
   * list would leave out.
   */
  private List<Candidate> withPinned(List<Candidate> candidates, ActiveRules active, UserProfile profile,
                                     SeenItems seen, RecommendationRequest request) {
    if (active.pins().isEmpty()) {
      return candidates;
    }
    java.util.Set<String> proposed = new java.util.HashSet<>();
    candidates.forEach(candidate -> proposed.add(candidate.itemId()));
    List<String> missing = active.pins().stream().map(BusinessRule.PinItem::itemId)
        .filter(id -> !proposed.contains(id)).toList();
    if (missing.isEmpty()) {
      return candidates;
    }
    List<Candidate> all = new ArrayList<>(candidates);
    for (Candidate admitted : retrieval.given(missing, profile, seen, request.filter()).candidates()) {
      all.add(new Candidate(admitted.itemId(), CandidateSource.PINNED, 0));
    }
    return all;
  }
}
