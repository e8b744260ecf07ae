package io.persona.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.gateway.auth.ApiKeys;
import io.persona.gateway.auth.Scope;
import io.persona.gateway.json.Json;
import io.persona.gateway.json.MalformedBodyException;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import io.persona.persistence.access.StoredApiKey;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Producer API keys, for operators (under {@code /v1/admin}, behind the operator key):
 * {@code POST /v1/admin/keys} creates one and shows its text once, {@code GET} lists them (never
 * a secret), {@code DELETE /v1/admin/keys/{id}} revokes one. Each change is logged for audit.
 */
public final class ApiKeyRoutes extends AllDirectives {
  private static final Logger audit = LoggerFactory.getLogger("io.persona.audit");
  private static final int MAX_REQUESTS_PER_SECOND = 1_000_000;

  private final ApiKeys keys;
  private final RequestBodies bodies;
  private final Executor blocking;
  private final Duration retryAfter;
  private final Clock clock;

  public ApiKeyRoutes(ApiKeys keys, RequestBodies bodies, Executor blocking, Duration retryAfter, Clock clock) {
    this.keys = keys;
    this.bodies = bodies;
    this.blocking = blocking;
    this.retryAfter = retryAfter;
    this.clock = clock;
  }

  public Route route() {
    return pathPrefix("keys", () -> concat(
        pathEnd(() -> concat(
            post(() -> bodies.json(false, (body, ndjson) -> create(body))),
            get(() -> completeWithFuture(blocking(() -> Responses.json(200,
                Map.of("keys", keys.list().stream().map(ApiKeyRoutes::describe).toList()))))))),
        path(PathMatchers.segment(), id -> delete(() -> completeWithFuture(revoke(id))))));
  }

  private CompletionStage<HttpResponse> create(byte[] body) throws MalformedBodyException {
    JsonNode json = Json.readObject(body);
    List<FieldError> errors = new ArrayList<>();
    String name = json.path("name").asText("");
    Ids.check("name", json.has("name") ? name : null).ifPresent(errors::add);
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    JsonNode scopeNames = json.path("scopes");
    if (!scopeNames.isArray() || scopeNames.isEmpty()) {
      errors.add(new FieldError("scopes", "must be a non-empty array of: " + Scope.allWireNames()));
    } else {
      for (JsonNode scope : scopeNames) {
        Optional<Scope> known = Scope.parse(scope.asText(""));
        if (known.isEmpty()) {
          errors.add(new FieldError("scopes", "unknown scope " + scope + "; known: " + Scope.allWireNames()));
        } else {
          scopes.add(known.get());
        }
      }
    }
    int perSecond = 0;
    if (json.has("requestsPerSecond")) {
      JsonNode rate = json.get("requestsPerSecond");
      if (!rate.canConvertToInt() || !rate.isIntegralNumber() || rate.asInt() < 1 || rate.asInt() > MAX_REQUESTS_PER_SECOND) {
        errors.add(new FieldError("requestsPerSecond", "must be a whole number from 1 to " + MAX_REQUESTS_PER_SECOND));
      } else {
        perSecond = rate.asInt();
      }
    }
    if (!errors.isEmpty()) {
      return CompletableFuture.completedFuture(Responses.problem(Problem.invalid("invalid-key",
          "Invalid key request", "the key request has " + errors.size() + " problem(s)", errors)));
    }
    int rate = perSecond;
    return blocking(() -> {
      ApiKeys.Created created = keys.create(name, scopes, rate, clock.instant());
      audit.info("API key {} ({}) created with scopes {}", created.stored().id(), name, created.stored().scopes());
      Map<String, Object> answer = describe(created.stored());
      answer.put("key", created.text());
      answer.put("note", "the key is shown only now; Persona keeps a hash of it");
      return Responses.json(201, answer);
    });
  }

  private CompletionStage<HttpResponse> revoke(String id) {
    return blocking(() -> keys.revoke(id, clock.instant())
        .map(key -> {
          audit.info("API key {} ({}) revoked", key.id(), key.name());
          return Responses.json(200, describe(key));
        })
        .orElseGet(() -> Responses.problem(Problem.of("not-found", "No such key", 404, "there is no API key " + id))));
  }

  static Map<String, Object> describe(StoredApiKey key) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", key.id());
    out.put("name", key.name());
    out.put("scopes", key.scopes().stream().sorted().toList());
    out.put("requestsPerSecond", key.requestsPerSecond() > 0 ? key.requestsPerSecond() : null);
    out.put("createdAt", key.createdAt());
    out.put("revokedAt", key.revokedAt());
    return out;
  }

  private CompletionStage<HttpResponse> blocking(Supplier<HttpResponse> work) {
    return CompletableFuture.supplyAsync(work, blocking).exceptionally(failure ->
        ServerFailures.answer(failure, "Keys unavailable", "The key store could not be reached now; retry later.",
            retryAfter));
  }
}
