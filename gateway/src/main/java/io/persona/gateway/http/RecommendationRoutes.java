package io.persona.gateway.http;

import io.persona.gateway.auth.Scope;
import io.persona.gateway.json.RecommendationJson;
import io.persona.models.validation.FieldError;
import io.persona.actors.recommend.RecommendationRequest;
import io.persona.actors.recommend.UserRecommendations;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /v1/users/{id}/recommendations?k=10&device=...&slot=...&zone=...}: the user's list,
 * computed now from the user's live state. An unknown user gets cold-start recommendations.
 */
public final class RecommendationRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(RecommendationRoutes.class);

  private final UserRecommendations recommendations;
  private final int defaultK;
  private final int maxK;
  private final Set<String> attributeNames;
  private final Duration retryAfter;
  private final Clock clock;
  private final Access access;

  public RecommendationRoutes(UserRecommendations recommendations, int defaultK, int maxK, Set<String> attributeNames,
                       Duration retryAfter, Access access, Clock clock) {
    this.access = access;
    this.recommendations = recommendations;
    this.defaultK = defaultK;
    this.maxK = maxK;
    this.attributeNames = attributeNames;
    this.retryAfter = retryAfter;
    this.clock = clock;
  }

  public Route route() {
    return path(PathMatchers.segment("users").slash(PathMatchers.segment()).slash("recommendations"),
        userId -> get(() -> access.forUser(userId, Scope.RECOMMENDATIONS_READ, () -> parameterMap(params -> {
          // preview=true: a look at the list that is not logged as served (read here only: the
          // other routes that share the query parameters serve what they log)
          String previewValue = params.get("preview");
          RecommendationQuery query = RecommendationQuery.parse(params, defaultK, maxK, attributeNames,
              List.of("preview"), clock.instant());
          boolean preview = "true".equals(previewValue);
          if (previewValue != null && !preview && !"false".equals(previewValue)) {
            query = query.withError(new FieldError("preview", "must be true or false, was " + previewValue));
          }
          HttpResponse refused = query.refusal(userId, "Invalid recommendation request");
          if (refused != null) {
            return complete(refused);
          }
          RecommendationRequest request = new RecommendationRequest(UUID.randomUUID().toString(), userId, query.k(),
              query.context(), query.seen(), query.order(), query.filter(), null, query.explain(), preview);
          // a preview is kept out of the training data and the impression counts: only operators may
          // ask for one, or a client could hide its own lists from the learning loop
          return preview ? access.operator("preview=true", () -> recommend(request)) : recommend(request);
        }))));
  }

  private Route recommend(RecommendationRequest request) {
    return completeWithFuture(recommendations.recommend(request).handle((recommendation, failure) -> {
      if (failure != null) {
        return unavailable(request, failure);
      }
      return Responses.json(200, RecommendationJson.of(recommendation));
    }));
  }

  private HttpResponse unavailable(RecommendationRequest request, Throwable failure) {
    if (ServerFailures.passes(failure)) {
      log.warn("Recommendation {} for user {} failed for now: {}", request.requestId(), request.userId(),
          failure.toString());
    }
    return ServerFailures.answer(failure, "Recommendations unavailable",
        "The recommendations for " + request.userId() + " could not be computed in time; retry later.", retryAfter);
  }
}
