package io.persona.gateway.http;

import io.persona.actors.user.Users;
import io.persona.gateway.auth.Scope;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import io.persona.models.validation.FieldError;
import io.persona.models.validation.Ids;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/users/{id}}: the profile summary, read from the user's entity. */
public final class UserRoutes extends AllDirectives {
  private static final int TOP = 10;

  record Affinity(String key, double score) {}

  record ProfileSummary(
      String userId,
      long totalEvents,
      Map<String, Long> eventCounts,
      String lastActivity,
      List<Affinity> topItems,
      List<Affinity> topCategories,
      List<Map<String, String>> recentHistory) {}

  private final Users users;
  private final ProfileSettings profileSettings;
  private final Duration askTimeout;
  private final Duration retryAfter;
  private final Clock clock;
  private final Access access;

  public UserRoutes(Users users, ProfileSettings profileSettings, Duration askTimeout, Duration retryAfter,
                    Access access, Clock clock) {
    this.access = access;
    this.users = users;
    this.profileSettings = profileSettings;
    this.askTimeout = askTimeout;
    this.retryAfter = retryAfter;
    this.clock = clock;
  }

  public Route route() {
    return path(PathMatchers.segment("users").slash(PathMatchers.segment()), userId -> get(() ->
        access.forUser(userId, Scope.PROFILES_READ, () -> {
      if (!Ids.isValid(userId)) {
        return complete(Responses.problem(Problem.of("invalid-id", "Invalid user id", 400,
            Ids.check("userId", userId).map(FieldError::sentence).orElseThrow())));
      }
      return completeWithFuture(users.profile(userId, askTimeout)
          .handle((profile, failure) -> {
            if (failure != null) {
              return ServerFailures.answer(failure, "Profile unavailable",
                  "The profile of " + userId + " could not be read in time; retry later.", retryAfter);
            }
            return summary(profile);
          }));
    })));
  }

  private HttpResponse summary(UserProfile profile) {
    if (profile.totalEvents() == 0) {
      return Responses.problem(Problem.of("not-found", "Unknown user", 404,
          "No events have been recorded for user " + profile.userId()));
    }
    Instant now = clock.instant();
    return Responses.json(200, new ProfileSummary(
        profile.userId(),
        profile.totalEvents(),
        profile.eventCounts(),
        profile.lastActivity().toString(),
        top(profile.itemAffinities(), now),
        top(profile.categoryAffinities(), now),
        profile.recentHistory().stream().map(UserRoutes::history).toList()));
  }

  private List<Affinity> top(Map<String, io.persona.models.profile.DecayedScore> scores, Instant now) {
    return UserProfile.top(scores, now, profileSettings, TOP).stream()
        .map(e -> new Affinity(e.getKey(), e.getValue()))
        .toList();
  }

  private static Map<String, String> history(HistoryEntry entry) {
    return entry.category() == null
        ? Map.of("itemId", entry.itemId(), "type", entry.type(), "timestamp", entry.timestamp().toString())
        : Map.of("itemId", entry.itemId(), "type", entry.type(), "category", entry.category(),
            "timestamp", entry.timestamp().toString());
  }
}
