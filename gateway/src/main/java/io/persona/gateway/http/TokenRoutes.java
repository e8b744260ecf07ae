package io.persona.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.gateway.auth.Scope;
import io.persona.gateway.auth.UserTokens;
import io.persona.gateway.json.Json;
import io.persona.gateway.json.MalformedBodyException;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/tokens} with {@code {"userId": "...", "ttlSeconds": 900}}: an end-user token for
 * a browser or an app. The token opens that user's recommendations, profile and live socket (which
 * also takes that user's events), nothing else, until it expires; so only a key holding all three
 * scopes may mint one: a key hands on no more than it has.
 */
public final class TokenRoutes extends AllDirectives {
  private static final Set<Scope> TOKEN_SCOPES =
      EnumSet.of(Scope.RECOMMENDATIONS_READ, Scope.PROFILES_READ, Scope.EVENTS_WRITE);

  private final UserTokens tokens;
  private final Duration defaultTtl;
  private final RequestBodies bodies;
  private final Access access;
  private final Clock clock;

  public TokenRoutes(UserTokens tokens, Duration defaultTtl, RequestBodies bodies, Access access, Clock clock) {
    this.tokens = tokens;
    this.defaultTtl = defaultTtl;
    this.bodies = bodies;
    this.access = access;
    this.clock = clock;
  }

  public Route route() {
    return path("tokens", () -> post(() -> access.requireAllWithKey(TOKEN_SCOPES, keyId ->
        bodies.json(false, (body, ndjson) -> CompletableFuture.completedFuture(mint(body, keyId))))));
  }

  /** @param keyId the producer key asking: signed into the token, so revoking the key ends the token too */
  private HttpResponse mint(byte[] body, Optional<String> keyId) throws MalformedBodyException {
    JsonNode json = Json.readObject(body);
    List<FieldError> errors = new ArrayList<>();
    String userId = json.path("userId").isTextual() ? json.get("userId").asText() : null;
    Ids.check("userId", userId).ifPresent(errors::add);
    Duration ttl = defaultTtl;
    if (json.has("ttlSeconds")) {
      JsonNode seconds = json.get("ttlSeconds");
      if (!seconds.isIntegralNumber() || seconds.asLong() < 1 || seconds.asLong() > tokens.maxTtl().toSeconds()) {
        errors.add(new FieldError("ttlSeconds", "must be a whole number from 1 to " + tokens.maxTtl().toSeconds()));
      } else {
        ttl = Duration.ofSeconds(seconds.asLong());
      }
    }
    if (!errors.isEmpty()) {
      return Responses.problem(Problem.invalid("invalid-token-request", "Invalid token request",
          "the token request has " + errors.size() + " problem(s)", errors));
    }
    Instant now = clock.instant();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("token", tokens.mint(userId, ttl, now, keyId));
    answer.put("userId", userId);
    answer.put("expiresAt", Instant.ofEpochSecond(now.plus(ttl).getEpochSecond()));
    return Responses.json(201, answer);
  }
}
