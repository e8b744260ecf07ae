package io.persona.streams.learning;

import io.persona.models.events.UserEvent;
import io.persona.models.learning.Outcome;
import io.persona.persistence.learning.OutcomeLogRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes events that can answer a slate (the positive types) to the outcome log, after the journal
 * confirmed them and before the producer is told so. An acknowledged outcome is therefore in the
 * outcome log too; a failed write makes the event unconfirmed, and the producer's resend (answered
 * as a duplicate by the entity) writes it again. The join keeps the first copy of an event id.
 */
public final class OutcomeRecorder {
  private final OutcomeLogRepository outcomes;
  private final Set<String> positiveTypes;
  private final Clock clock;

  public OutcomeRecorder(OutcomeLogRepository outcomes, Set<String> positiveTypes, Clock clock) {
    this.outcomes = outcomes;
    this.positiveTypes = Set.copyOf(positiveTypes);
    this.clock = clock;
  }

  /** A recorder for a node that does not learn: nothing is written. */
  public static OutcomeRecorder disabled() {
    return new OutcomeRecorder(null, Set.of(), Clock.systemUTC());
  }

  public boolean records(UserEvent event) {
    return positiveTypes.contains(event.type());
  }

  public CompletionStage<Void> record(UserEvent event) {
    if (!records(event)) {
      return CompletableFuture.completedFuture(null);
    }
    return outcomes.write(outcomeOf(event, clock.instant()));
  }

  /** Writes those of {@code events} that are outcomes, batched (an import); completes when all are written. */
  public CompletionStage<Void> recordAll(List<UserEvent> events) {
    Instant now = clock.instant();
    List<Outcome> written = events.stream().filter(this::records).map(event -> outcomeOf(event, now)).toList();
    return written.isEmpty() ? CompletableFuture.completedFuture(null) : outcomes.writeAll(written);
  }

  private static Outcome outcomeOf(UserEvent event, Instant recordedAt) {
    return new Outcome(event.eventId(), event.userId(), event.itemId(), event.type(), event.requestId(),
        event.timestamp(), recordedAt);
  }
}
