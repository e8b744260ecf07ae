package io.persona.actors.recommend;

import io.persona.actors.recommend.RecommendTelemetry;
import io.persona.actors.user.Users;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A user's recommendations from the user's live state: the user's entity (wherever it lives in
 * the cluster) answers with its current profile, then this node's {@link Recommender} computes
 * the list on its own dispatcher. The entity never waits for ranking, so a slow request cannot
 * delay the user's events. A user with no events gets an empty profile: cold-start
 * recommendations, not an error.
 */
public final class UserRecommendations {
  private final Users users;
  private final Recommender recommender;
  private final Duration profileTimeout;

  public UserRecommendations(Users users, Recommender recommender, Duration profileTimeout) {
    this.users = users;
    this.recommender = recommender;
    this.profileTimeout = profileTimeout;
  }

  public CompletionStage<Recommendation> recommend(RecommendationRequest request) {
    return recommend(request, false);
  }

  /** A live socket's list ({@link Recommender#recommendForPush}: first, where pushes go first). */
  public CompletionStage<Recommendation> push(RecommendationRequest request) {
    return recommend(request, true);
  }

  private CompletionStage<Recommendation> recommend(RecommendationRequest request, boolean push) {
    long started = System.nanoTime();
    return users.profile(request.userId(), profileTimeout)
        .thenCompose(profile -> {
          RecommendTelemetry.lap(RecommendTelemetry.Stage.PROFILE, started);
          return push ? recommender.recommendForPush(profile, request) : recommender.recommend(profile, request);
        })
        .whenComplete((recommendation, failure) -> RecommendTelemetry.finished(started, failure == null));
  }
}
