package io.persona.streams.learning;

import io.persona.models.events.UserEvent;
import io.persona.models.history.HistoryEvent;
import io.persona.models.history.InteractionWeights;
import io.persona.persistence.learning.InteractionLogRepository;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes every event that teaches (a non-zero weight) to the interaction log, after the journal
 * confirmed it and before the producer is told so; like outcomes, a failed write makes the event
 * unconfirmed and the producer's resend writes it again (the row key makes that harmless).
 */
public final class InteractionRecorder {
  private final InteractionLogRepository log;
  private final InteractionWeights weights;
  private final Clock clock;

  public InteractionRecorder(InteractionLogRepository log, InteractionWeights weights, Clock clock) {
    this.log = log;
    this.weights = weights;
    this.clock = clock;
  }

  /** A recorder for a node that does not learn: nothing is written. */
  public static InteractionRecorder disabled() {
    return new InteractionRecorder(null, null, Clock.systemUTC());
  }

  /** Writes the event if it teaches (a live event, joined with other small writes where the log coalesces them). */
  public CompletionStage<Void> record(UserEvent event) {
    if (log == null || !weights.teaches(event.type(), event.value())) {
      return CompletableFuture.completedFuture(null);
    }
    return log.write(HistoryEvent.of(event), clock.instant());
  }

  /** Writes the events that teach, grouped by user; completes when all are written. */
  public CompletionStage<Void> recordAll(List<UserEvent> events) {
    if (log == null) {
      return CompletableFuture.completedFuture(null);
    }
    List<HistoryEvent> teaching = events.stream()
        .filter(event -> weights.teaches(event.type(), event.value()))
        .map(HistoryEvent::of)
        .toList();
    return teaching.isEmpty() ? CompletableFuture.completedFuture(null) : log.writeAll(teaching, clock.instant());
  }
}
