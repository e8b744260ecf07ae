package io.persona.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.gateway.json.JsonBodies;
import io.persona.gateway.json.MalformedBodyException;
import io.persona.gateway.json.TooManyObjectsException;
import io.persona.actors.user.UserEntity;
import io.persona.gateway.json.EventJson;
import io.persona.gateway.json.Parsed;
import io.persona.models.events.UserEvent;
import io.persona.models.events.UserEventRules;
import io.persona.models.validation.FieldError;
import io.persona.streams.ingest.EventIngest;
import io.persona.streams.ingest.IngestTelemetry;
import io.persona.streams.ingest.IngestTelemetry.Rejection;
import io.persona.streams.ingest.IngestOutcome;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One batch of events from a client, REST or WebSocket alike: counted, validated whole (one bad
 * field refuses the batch and nothing of it is recorded), then submitted to the node's ingest
 * stream. The callers only render the {@link Result} in their own protocol.
 */
public final class EventBatchIntake {
  /** How a batch ended at the door, or that it went in. */
  sealed interface Result permits TooMany, Invalid, Submitted {}

  record TooMany(int events, int max) implements Result {}

  record Invalid(List<FieldError> errors) implements Result {}

  /** Completes with one outcome per event, in the batch's order. */
  record Submitted(CompletionStage<List<IngestOutcome>> outcomes) implements Result {}

  /** One event's answer as clients see it. */
  record EventStatus(String eventId, String status, String reason) {}

  private final EventIngest ingest;
  private final UserEventRules rules;
  private final int maxEvents;
  private final Clock clock;

  public EventBatchIntake(EventIngest ingest, UserEventRules rules, int maxEvents, Clock clock) {
    this.ingest = ingest;
    this.rules = rules;
    this.maxEvents = maxEvents;
    this.clock = clock;
  }

  int maxEvents() {
    return maxEvents;
  }

  /**
   * @param onlyUser when present, every event must belong to this user (a user's live socket)
   */
  Result submit(List<JsonNode> objects, Optional<String> onlyUser) {
    if (objects.size() > maxEvents) {
      return tooMany(objects.size());
    }
    Parsed<UserEvent> parsed = EventJson.read(objects, rules, clock.instant());
    List<FieldError> errors = new ArrayList<>(parsed.errors());
    onlyUser.ifPresent(userId -> {
      for (int i = 0; i < parsed.values().size(); i++) {
        if (!parsed.values().get(i).userId().equals(userId)) {
          errors.add(new FieldError("[" + i + "].userId", "this socket belongs to user " + userId));
        }
      }
    });
    if (!errors.isEmpty()) {
      IngestTelemetry.rejected(Rejection.INVALID, objects.size());
      return new Invalid(errors);
    }
    return new Submitted(ingest.submit(parsed.values()));
  }

  /** A batch of {@code count} events, more than a request may carry (counted, not parsed). */
  Result tooMany(int count) {
    IngestTelemetry.rejected(Rejection.TOO_MANY, count);
    return new TooMany(count, maxEvents);
  }

  /** The body's events, parsed no further than the limit, and submitted. */
  Result submit(byte[] body, boolean ndjson, Optional<String> onlyUser) throws MalformedBodyException {
    try {
      return submit(JsonBodies.objects(body, ndjson, "events", maxEvents), onlyUser);
    } catch (TooManyObjectsException e) {
      return tooMany(e.count());
    }
  }

  /** The first fault of the server an event of the batch met, or empty if none did. */
  static Optional<Throwable> faulted(List<IngestOutcome> outcomes) {
    return outcomes.stream()
        .filter(o -> o instanceof IngestOutcome.Faulted)
        .map(o -> ((IngestOutcome.Faulted) o).failure())
        .findFirst();
  }

  /**
   * For a batch that is resent anyway (some events unconfirmed): the events that met a fault of the
   * server too, logged once under an error id, as a sentence for the answer; empty when none did.
   */
  static String faultsBeside(List<IngestOutcome> outcomes) {
    Optional<Throwable> fault = faulted(outcomes);
    if (fault.isEmpty()) {
      return "";
    }
    long count = outcomes.stream().filter(o -> o instanceof IngestOutcome.Faulted).count();
    return " " + count + " more failed on a fault of the server (error id " + ServerFailures.logged(fault.get())
        + "); a resend may fail them again.";
  }

  /** The first reason an event of the batch was not confirmed, or empty if all were answered. */
  static Optional<String> unconfirmed(List<IngestOutcome> outcomes) {
    return outcomes.stream()
        .filter(o -> o instanceof IngestOutcome.Unavailable)
        .map(o -> ((IngestOutcome.Unavailable) o).reason())
        .findFirst();
  }

  /** Each event's status; call only when {@link #faulted} and {@link #unconfirmed} are empty. */
  static List<EventStatus> statuses(List<IngestOutcome> outcomes) {
    return outcomes.stream().map(o -> status(((IngestOutcome.Answered) o).result())).toList();
  }

  private static EventStatus status(UserEntity.RecordResult result) {
    if (result instanceof UserEntity.Rejected rejected) {
      return new EventStatus(rejected.eventId(), "rejected", rejected.reason());
    }
    String status = result instanceof UserEntity.Duplicate ? "duplicate" : "accepted";
    return new EventStatus(result.eventId(), status, null);
  }
}
