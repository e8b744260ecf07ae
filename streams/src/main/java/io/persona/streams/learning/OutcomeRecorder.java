package io.persona.streams.learning;

import io.persona.models.events.UserEvent;
import io.persona.models.learning.Outcome;
import io.persona.persistence.learning.OutcomeLogRepository;

import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>An event that happened longer than {@code maxAge} before it arrives is not written: the join
 * attributes an outcome by when it was recorded, so an imported purchase of last year would answer
 * whatever slate showed that item in the last minute. Such history teaches through the interaction
 * log (the history model and embeddings) instead, and an import writes a third fewer rows.
 */
public final class OutcomeRecorder {
  /** How far a producer's clock may lag the node's before its fresh outcomes are taken for history. */
  public static final Duration CLOCK_ALLOWANCE = Duration.ofMinutes(5);

  private final OutcomeLogRepository outcomes;
  private final Set<String> positiveTypes;
  private final Duration maxAge;
  private final Clock clock;

  /** @param maxAge the oldest event (by its own time, when it arrives) that can still answer a slate */
  public OutcomeRecorder(OutcomeLogRepository outcomes, Set<String> positiveTypes, Duration maxAge, Clock clock) {
    this.outcomes = outcomes;
    this.positiveTypes = Set.copyOf(positiveTypes);
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /**
   * The oldest an outcome may be and still answer a slate: a slate is answered within the attribution
   * window after it was served, late within a second window, and the join waits {@code lateness}
   * more; plus {@link #CLOCK_ALLOWANCE} for a producer's clock.
   */
  public static Duration maxAge(LearningSettings settings) {
    return settings.attribution().window().multipliedBy(2).plus(settings.lateness()).plus(CLOCK_ALLOWANCE);
  }

  /** A recorder for a node that does not learn: nothing is written. */
  public static OutcomeRecorder disabled() {
    return new OutcomeRecorder(null, Set.of(), Duration.ZERO, Clock.systemUTC());
  }

  /** Whether {@code event}, arriving at {@code now}, is an outcome that can still answer a slate. */
  public boolean records(UserEvent event, Instant now) {
    return positiveTypes.contains(event.type()) && !event.timestamp().isBefore(now.minus(maxAge));
  }

  public CompletionStage<Void> record(UserEvent event) {
    Instant now = clock.instant();
    if (!records(event, now)) {
      return CompletableFuture.completedFuture(null);
    }
    return outcomes.write(outcomeOf(event, now));
  }

  /** Writes those of {@code events} that are outcomes, batched (an import); completes when all are written. */
  public CompletionStage<Void> recordAll(List<UserEvent> events) {
    Instant now = clock.instant();
    List<Outcome> written = events.stream().filter(event -> records(event, now))
        .map(event -> outcomeOf(event, now)).toList();
    return written.isEmpty() ? CompletableFuture.completedFuture(null) : outcomes.writeAll(written);
  }

  private static Outcome outcomeOf(UserEvent event, Instant recordedAt) {
    return new Outcome(event.eventId(), event.userId(), event.itemId(), event.type(), event.requestId(),
        event.timestamp(), recordedAt);
  }
}
