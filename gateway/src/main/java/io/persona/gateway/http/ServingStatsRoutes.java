package io.persona.gateway.http;

import io.persona.gateway.node.Serving;
import io.persona.models.artifact.ModelMetadata;
import io.persona.streams.predictions.PredictionLogWriter;
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
final class ServingStatsRoutes extends AllDirectives {
  private final Serving serving;

  ServingStatsRoutes(Serving serving) {
    this.serving = serving;
  }

  Route route() {
    return path(PathMatchers.segment("admin").slash("serving"), () -> get(() -> complete(Responses.json(200, stats()))));
  }

  private Map<String, Object> stats() {
    ModelMetadata model = serving.models().currentMetadata();
    PredictionLogWriter.Counts log = serving.predictionLog().counts();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("model", Map.of("version", model.version(), "kind", model.kind()));
    stats.put("catalog", Map.of("items", serving.catalog().size(),
        "trainedEmbeddings", serving.catalog().trainedEmbeddings(),
        "indexedVectors", serving.catalog().index().size(),
        "rejectedEmbeddings", serving.catalog().rejectedEmbeddings()));
    stats.put("live", Map.of("users", serving.live().users(), "sockets", serving.live().listeners()));
    stats.put("predictionLog", Map.of("offered", log.offered(), "written", log.written(), "dropped", log.dropped(),
        "failed", log.failed()));
    return stats;
  }
}
