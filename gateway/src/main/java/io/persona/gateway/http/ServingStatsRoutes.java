package io.persona.gateway.http;

import io.persona.actors.activity.LiveSubscriptions;
import io.persona.actors.catalog.CatalogReplica;
import io.persona.actors.model.ModelHolder;
import io.persona.actors.recommend.HistoryModelHolder;
import io.persona.models.history.HistoryModel;
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
  private final SlateLogWriter slateLog;
  private final HistoryModelHolder history;

  public ServingStatsRoutes(ModelHolder champion, CatalogReplica catalog, LiveSubscriptions live,
                            SlateLogWriter slateLog, HistoryModelHolder history) {
    this.history = history;
    this.champion = champion;
    this.catalog = catalog;
    this.live = live;
    this.slateLog = slateLog;
  }

  public Route route() {
    return path(PathMatchers.segment("admin").slash("serving"), () -> get(() -> complete(Responses.json(200, stats()))));
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
        "itemsWithPopularity", learned.popularity().size()));
    stats.put("live", Map.of("users", live.users(), "sockets", live.listeners()));
    stats.put("predictionLog", Map.of("offered", log.offered(), "written", log.written(), "dropped", log.dropped(),
        "failed", log.failed()));
    return stats;
  }
}
