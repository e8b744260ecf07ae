package io.persona.gateway.http;

import io.persona.gateway.auth.Scope;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import io.persona.persistence.privacy.UserErasure;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code DELETE /v1/users/{id}} (scope users:delete): 202 once the request is durable; the user's
 * data goes in the background, within seconds. Repeating it is harmless. {@code GET
 * /v1/admin/deletions} (operator) lists the requests not finished yet.
 */
public final class UserDeletionRoutes extends AllDirectives {
  /** What the node does with a deletion request. */
  public interface Deletions {
    /** Records the request durably and starts it; completes with the time it was recorded. */
    CompletionStage<Instant> request(String userId);

    CompletionStage<List<UserErasure.Pending>> pending();
  }

  private final Deletions deletions;
  private final Access access;
  private final Duration retryAfter;

  public UserDeletionRoutes(Deletions deletions, Access access, Duration retryAfter) {
    this.deletions = deletions;
    this.access = access;
    this.retryAfter = retryAfter;
  }

  /** Under /v1. */
  public Route route() {
    return path(PathMatchers.segment("users").slash(PathMatchers.segment()), userId -> delete(() ->
        access.require(Scope.USERS_DELETE, () -> {
          if (!Ids.isValid(userId)) {
            return complete(Responses.problem(Problem.of("invalid-id", "Invalid user id", 400,
                Ids.check("userId", userId).map(FieldError::sentence).orElseThrow())));
          }
          return completeWithFuture(deletions.request(userId).handle((requestedAt, failure) -> {
            if (failure != null) {
              return ServerFailures.answer(failure, "Deletion not recorded",
                  "The deletion of " + userId + " could not be recorded now; nothing was deleted, resend it.",
                  retryAfter);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", userId);
            body.put("status", "deleting");
            body.put("requestedAt", requestedAt);
            return Responses.json(202, body);
          }));
        })));
  }

  /** Under /v1/admin. */
  public Route adminRoute() {
    return path("deletions", () -> get(() -> completeWithFuture(deletions.pending().handle((pending, failure) -> {
      if (failure != null) {
        return ServerFailures.answer(failure, "Deletions unavailable", "The pending deletions could not be read now.",
            retryAfter);
      }
      return Responses.json(200, Map.of("pending", pending));
    }))));
  }
}
