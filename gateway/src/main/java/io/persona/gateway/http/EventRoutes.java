package io.persona.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.actors.metrics.IngestMetrics;
import io.persona.actors.metrics.IngestMetrics.Rejection;
import io.persona.actors.user.UserEntity;
import io.persona.gateway.json.EventJson;
import io.persona.gateway.json.JsonBodies;
import io.persona.gateway.json.Parsed;
import io.persona.models.events.UserEvent;
import io.persona.models.events.UserEventRules;
import io.persona.streams.ingest.EventIngest;
import io.persona.streams.ingest.IngestOutcome;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/events}. A batch is checked whole before anything is submitted: one invalid
 * event fails the request with a 400 naming every bad field, and nothing of it is persisted. A
 * valid batch is answered per event once each is persisted (accepted), recognised (duplicate) or
 * refused by its user (rejected); if any event is not confirmed the answer is 503, and resending
 * the whole batch is safe.
 */
final class EventRoutes extends AllDirectives {
  record EventStatus(String eventId, String status, String reason) {}

  record IngestReply(int accepted, int duplicates, int rejected, List<EventStatus> results) {}

  private final EventIngest ingest;
  private final UserEventRules rules;
  private final RequestBodies bodies;
  private final int maxEvents;
  private final Duration retryAfter;
  private final Clock clock;

  EventRoutes(EventIngest ingest, UserEventRules rules, RequestBodies bodies, int maxEvents, Duration retryAfter,
      Clock clock) {
    this.ingest = ingest;
    this.rules = rules;
    this.bodies = bodies;
    this.maxEvents = maxEvents;
    this.retryAfter = retryAfter;
    this.clock = clock;
  }

  Route route() {
    return path("events", () -> post(() -> bodies.json(true, (body, ndjson) -> {
      List<JsonNode> objects = JsonBodies.objects(body, ndjson, "events");
      if (objects.size() > maxEvents) {
        IngestMetrics.rejected(Rejection.TOO_MANY, objects.size());
        return done(Responses.problem(Problem.of("too-many-events", "Too many events", 413,
            "A request may carry at most " + maxEvents + " events; this one has " + objects.size())));
      }
      Parsed<UserEvent> parsed = EventJson.read(objects, rules, clock.instant());
      if (!parsed.ok()) {
        IngestMetrics.rejected(Rejection.INVALID, objects.size());
        return done(Responses.problem(Problem.invalid("invalid-events", "Invalid events",
            parsed.errors().size() + " problem(s) in the batch; nothing was recorded", parsed.errors())));
      }
      return ingest.submit(parsed.values()).thenApply(this::reply);
    })));
  }

  private HttpResponse reply(List<IngestOutcome> outcomes) {
    long unconfirmed = outcomes.stream().filter(o -> o instanceof IngestOutcome.Unavailable).count();
    if (unconfirmed > 0) {
      String reason = outcomes.stream()
          .filter(o -> o instanceof IngestOutcome.Unavailable)
          .map(o -> ((IngestOutcome.Unavailable) o).reason())
          .findFirst().orElse("");
      return Responses.unavailable("Events not confirmed",
          unconfirmed + " of " + outcomes.size() + " events could not be confirmed (" + reason
              + "). Resend the whole batch: events already recorded are answered as duplicates.",
          retryAfter);
    }
    List<EventStatus> results = outcomes.stream()
        .map(o -> status(((IngestOutcome.Answered) o).result()))
        .toList();
    int accepted = (int) results.stream().filter(r -> r.status().equals("accepted")).count();
    int duplicates = (int) results.stream().filter(r -> r.status().equals("duplicate")).count();
    return Responses.json(200, new IngestReply(accepted, duplicates, results.size() - accepted - duplicates, results));
  }

  static EventStatus status(UserEntity.RecordResult result) {
    if (result instanceof UserEntity.Rejected rejected) {
      return new EventStatus(rejected.eventId(), "rejected", rejected.reason());
    }
    String status = result instanceof UserEntity.Duplicate ? "duplicate" : "accepted";
    return new EventStatus(result.eventId(), status, null);
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
