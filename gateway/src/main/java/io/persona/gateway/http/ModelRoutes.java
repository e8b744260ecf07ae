package io.persona.gateway.http;

import io.persona.gateway.auth.Scope;
import io.persona.actors.model.ModelPromotions;
import io.persona.actors.model.ServingModels;
import io.persona.models.artifact.ModelMetadata;
import io.persona.persistence.registry.ChampionPointer;
import io.persona.persistence.registry.ModelRegistryRepository;
import io.persona.persistence.registry.RegisteredModel;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The model registry over HTTP: {@code GET /v1/models} lists versions with their metrics, lineage
 * and status, {@code GET /v1/models/{version}} shows one, and
 * {@code POST /v1/models/{version}/promote} makes a registered version the champion (rolling back
 * or forward; it needs the operator key); every node swaps to it within moments (at the latest at
 * its next registry poll).
 */
public final class ModelRoutes extends AllDirectives {
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final int DEFAULT_LIMIT = 50;

  private final ModelRegistryRepository registry;
  private final ModelPromotions promotions;
  private final ServingModels served;
  private final Executor blocking;
  private final Duration retryAfter;
  private final Access access;

  /**
   * @param served   what this node serves now (the registry says what every node should serve)
   * @param blocking where registry reads and writes run (they block)
   */
  public ModelRoutes(ModelRegistryRepository registry, ModelPromotions promotions, ServingModels served,
                     Executor blocking, Duration retryAfter, Access access) {
    this.registry = registry;
    this.promotions = promotions;
    this.served = served;
    this.blocking = blocking;
    this.retryAfter = retryAfter;
    this.access = access;
  }

  public Route route() {
    return pathPrefix("models", () -> concat(
        pathEnd(() -> get(() -> access.require(Scope.ADMIN, () ->
            parameterOptional("limit", limit -> completeWithFuture(list(limit))))))
        , path(PathMatchers.segment(), version -> get(() -> access.require(Scope.ADMIN, () ->
            completeWithFuture(one(version)))))
        , path(PathMatchers.segment().slash("promote"), version -> post(() -> access.operator(() ->
            completeWithFuture(promote(version)))))));
  }

  private CompletionStage<HttpResponse> list(Optional<String> limitParameter) {
    int limit;
    try {
      limit = limitParameter.map(Integer::parseInt).orElse(DEFAULT_LIMIT);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 1000) {
      return CompletableFuture.completedFuture(Responses.problem(Problem.of("invalid-query", "Invalid query", 400,
          "limit must be a whole number from 1 to 1000, was " + limitParameter.orElse(""))));
    }
    int shown = limit;
    return blocking(() -> {
      Optional<ChampionPointer> champion = registry.champion();
      List<RegisteredModel> models = registry.list();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("champion", champion.map(ChampionPointer::version).orElse(null));
      body.put("championSince", champion.map(ChampionPointer::since).orElse(null));
      body.put("serving", serving());
      body.put("total", models.size());
      body.put("models", models.stream().limit(shown).map(ModelRoutes::describe).toList());
      return Responses.json(200, body);
    });
  }

  private CompletionStage<HttpResponse> one(String version) {
    if (!VERSION.matcher(version).matches()) {
      return CompletableFuture.completedFuture(badVersion(version));
    }
    return blocking(() -> registry.find(version)
        .map(model -> Responses.json(200, describe(model)))
        .orElseGet(() -> notFound(version)));
  }

  private CompletionStage<HttpResponse> promote(String version) {
    if (!VERSION.matcher(version).matches()) {
      return CompletableFuture.completedFuture(badVersion(version));
    }
    return blocking(() -> {
      if (registry.find(version).isEmpty()) {
        return notFound(version);
      }
      String previous = promotions.promote(version, "promoted by an operator over HTTP").orElse(null);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("champion", version);
      body.put("previous", previous);
      return Responses.json(200, body);
    });
  }

  /** What this node serves right now (the registry says what every node should serve). */
  private Map<String, Object> serving() {
    ServingModels models = served;
    ModelMetadata champion = models.champion().currentMetadata();
    Map<String, Object> now = new LinkedHashMap<>();
    now.put("champion", Map.of("version", champion.version(), "kind", champion.kind()));
    now.put("challengerShare", models.challengerShare());
    models.challengerMetadata().ifPresent(challenger ->
        now.put("challenger", Map.of("version", challenger.version(), "kind", challenger.kind())));
    return now;
  }

  private static Map<String, Object> describe(RegisteredModel model) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", model.version());
    out.put("kind", model.kind());
    out.put("status", model.status().name().toLowerCase());
    out.put("createdAt", model.createdAt());
    out.put("statusChangedAt", model.statusChangedAt());
    out.put("parentVersion", model.parentVersion());
    out.put("dataFrom", model.dataFrom());
    out.put("dataTo", model.dataTo());
    out.put("examples", model.examples());
    out.put("sizeBytes", model.sizeBytes());
    out.put("reason", model.reason());
    out.put("evaluation", model.evaluation());
    out.put("metrics", model.metrics());
    return out;
  }

  private static HttpResponse notFound(String version) {
    return Responses.problem(Problem.of("unknown-model", "Unknown model", 404,
        "no model version " + version + " is registered; GET /v1/models lists them"));
  }

  private static HttpResponse badVersion(String version) {
    return Responses.problem(Problem.of("invalid-version", "Invalid model version", 400,
        "a model version is 1-128 letters, digits, '.', '_', ':' or '-', was '" + version + "'"));
  }

  private CompletionStage<HttpResponse> blocking(java.util.function.Supplier<HttpResponse> work) {
    return CompletableFuture.supplyAsync(work, blocking).exceptionally(failure ->
        ServerFailures.answer(failure, "Model registry unavailable",
            "The model registry could not be read now; retry later.", retryAfter));
  }
}
