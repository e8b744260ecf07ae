package io.persona.gateway.http;

import io.persona.gateway.http.EventBatchIntake.EventStatus;
import io.persona.streams.ingest.IngestOutcome;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/events}. A batch is checked whole before anything is submitted: one invalid
 * event fails the request with a 400 naming every bad field, and nothing of it is persisted. A
 * valid batch is answered per event once each is persisted (accepted), recognised (duplicate) or
 * refused by its user (rejected); if any event is not confirmed the answer is 503, and resending
 * the whole batch is safe.
 */
public final class EventRoutes extends AllDirectives {
  record IngestReply(int accepted, int duplicates, int rejected, List<EventStatus> results) {}

  private final EventBatchIntake intake;
  private final RequestBodies bodies;
  private final Duration retryAfter;

  public EventRoutes(EventBatchIntake intake, RequestBodies bodies, Duration retryAfter) {
    this.intake = intake;
    this.bodies = bodies;
    this.retryAfter = retryAfter;
  }

  public Route route() {
    return path("events", () -> post(() -> bodies.json(true, (body, ndjson) ->
        answer(intake.submit(body, ndjson, Optional.empty())))));
  }

  private CompletionStage<HttpResponse> answer(EventBatchIntake.Result result) {
    if (result instanceof EventBatchIntake.TooMany tooMany) {
      return done(Responses.problem(Problem.of("too-many-events", "Too many events", 413,
          "A request may carry at most " + tooMany.max() + " events; this one has " + tooMany.events())));
    }
    if (result instanceof EventBatchIntake.Invalid invalid) {
      return done(Responses.problem(Problem.invalid("invalid-events", "Invalid events",
          invalid.errors().size() + " problem(s) in the batch; nothing was recorded", invalid.errors())));
    }
    return ((EventBatchIntake.Submitted) result).outcomes().thenApply(outcomes -> reply(outcomes, retryAfter));
  }

  /**
   * 200 with each event's status; 503 + Retry-After if any event is unconfirmed (the batch is worth
   * resending, whatever else failed); else 500 if an event met a fault of the server.
   */
  static HttpResponse reply(List<IngestOutcome> outcomes, Duration retryAfter) {
    Optional<String> unconfirmed = EventBatchIntake.unconfirmed(outcomes);
    if (unconfirmed.isPresent()) {
      long count = outcomes.stream().filter(o -> o instanceof IngestOutcome.Unavailable).count();
      return Responses.unavailable("Events not confirmed",
          count + " of " + outcomes.size() + " events could not be confirmed (" + unconfirmed.get()
              + "). Resend the whole batch: events already recorded are answered as duplicates."
              + EventBatchIntake.faultsBeside(outcomes),
          retryAfter);
    }
    Optional<Throwable> fault = EventBatchIntake.faulted(outcomes);
    if (fault.isPresent()) {
      return ServerFailures.internalError(fault.get());
    }
    List<EventStatus> results = EventBatchIntake.statuses(outcomes);
    int accepted = (int) results.stream().filter(r -> r.status().equals("accepted")).count();
    int duplicates = (int) results.stream().filter(r -> r.status().equals("duplicate")).count();
    return Responses.json(200, new IngestReply(accepted, duplicates, results.size() - accepted - duplicates, results));
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
