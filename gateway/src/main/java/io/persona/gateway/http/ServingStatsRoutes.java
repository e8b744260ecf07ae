package io.persona.gateway.http;

import io.persona.actors.activity.ItemSignals;
import io.persona.actors.activity.LiveSubscriptions;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.actors.model.ModelHolder;
import io.persona.actors.recommend.HistoryModelHolder;
import io.persona.models.history.HistoryModel;
import io.persona.models.history.RetrievalBlend;
import io.persona.models.history.SourceSettings;
import io.persona.models.retrieval.CoOccurrencePairing;
import io.persona.models.history.SourceWeights;
import io.persona.models.artifact.ModelMetadata;
import io.persona.actors.slate.SlateLogWriter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/admin/serving}: what this node serves with and how its serving state is doing:
 * the model, the catalog replica, live sockets, and the prediction log's counters (a slate
 * dropped under overload shows up here, never silently).
 */
public final class ServingStatsRoutes extends AllDirectives {
  private final ModelHolder champion;
  private final CatalogReplica catalog;
  private final LiveSubscriptions live;
  private final ItemSignals signals;
  private final SlateLogWriter slateLog;
  private final HistoryModelHolder history;

  public ServingStatsRoutes(ModelHolder champion, CatalogReplica catalog, LiveSubscriptions live, ItemSignals signals,
                            SlateLogWriter slateLog, HistoryModelHolder history) {
    this.signals = signals;
    this.history = history;
    this.champion = champion;
    this.catalog = catalog;
    this.live = live;
    this.slateLog = slateLog;
  }

  public Route route() {
    return path(PathMatchers.segment("admin").slash("serving"), () -> get(() -> complete(Responses.json(200, stats()))));
  }

  /** The sources' shares and what they scored on the held-out interactions (null: not measured). */
  private static Map<String, Object> blend(RetrievalBlend blend) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("measured", blend.measured());
    out.put("heldOutUsers", blend.users());
    out.put("exclude", weights(blend.exclude(), blend.excludeHitRate()));
    out.put("include", weights(blend.include(), blend.includeHitRate()));
    out.put("sources", sources(blend.sources()));
    return out;
  }

  /** The source settings the measurement chose; chosen false: the node's configured ones are served. */
  private static Map<String, Object> sources(SourceSettings sources) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("chosen", sources != null);
    out.put("seeds", sources == null ? null : sources.seeds());
    out.put("seedDecay", sources == null ? null : sources.seedDecay());
    out.put("popularityHalfLife", sources == null ? null : sources.popularityHalfLife().toString());
    out.put("pairing", pairing(sources == null ? null : sources.coOccurrence()));
    return out;
  }

  /** How co-occurrence paired items, when the measurement chose that; chosen false: as configured. */
  private static Map<String, Object> pairing(CoOccurrencePairing pairing) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("chosen", pairing != null);
    out.put("window", pairing == null ? null : pairing.window());
    out.put("damping", pairing == null ? null : pairing.damping());
    out.put("backward", pairing == null ? null : pairing.backward());
    // null: the configured pair half-life; "none": pairs never fade
    out.put("halfLife", pairing == null || !pairing.halfLifeChosen() ? null
        : pairing.halfLife() == null ? "none" : pairing.halfLife().toString());
    return out;
  }

  private static Map<String, Object> weights(SourceWeights w, double hitRate) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("coOccurrence", w.coOccurrence());
    out.put("repeat", w.repeat());
    out.put("popularity", w.popularity());
    out.put("als", w.als());
    out.put("trending", w.trending());
    out.put("hitRateAt10", Double.isNaN(hitRate) ? null : hitRate);
    return out;
  }

  private Map<String, Object> stats() {
    ModelMetadata model = champion.currentMetadata();
    SlateLogWriter.Counts log = slateLog.counts();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("model", Map.of("version", model.version(), "kind", model.kind()));
    stats.put("catalog", Map.of("items", catalog.size(),
        "trainedEmbeddings", catalog.trainedEmbeddings(),
        "indexedVectors", catalog.index().size(),
        "rejectedEmbeddings", catalog.rejectedEmbeddings()));
    HistoryModel learned = history.current();
    stats.put("history", Map.of("version", learned.version(), "trainedAt", learned.trainedAt().toString(),
        "interactions", learned.interactions(), "itemsWithNeighbours", learned.coOccurrence().size(),
        "itemsWithPopularity", learned.popularity().size(), "blend", blend(learned.blend())));
    // what this node counts from the cluster's activity: bounded by the catalog, whatever ids clients send
    stats.put("signals", Map.of("itemsWithCounts", signals.countedItems(),
        "coVisitationRows", signals.coVisitation().rows(), "trendingItems", signals.trending().size()));
    stats.put("live", Map.of("users", live.users(), "sockets", live.listeners()));
    stats.put("predictionLog", Map.of("offered", log.offered(), "written", log.written(), "dropped", log.dropped(),
        "failed", log.failed()));
    return stats;
  }
}
