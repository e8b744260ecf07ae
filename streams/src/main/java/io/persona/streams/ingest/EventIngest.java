package io.persona.streams.ingest;

import io.persona.streams.ingest.IngestTelemetry;
import io.persona.streams.ingest.IngestTelemetry.Unconfirmed;
import io.persona.actors.user.AskAgain;
import io.persona.actors.user.UserEntity;
import io.persona.actors.user.Users;
import io.persona.models.events.UserEvent;
import io.persona.persistence.catalog.ItemCategories;
import io.persona.streams.learning.InteractionRecorder;
import io.persona.streams.learning.OutcomeRecorder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The node's one ingest stream. Every request's events join a bounded queue; at most
 * {@code parallelism} asks to user entities are in flight at once, over all requests, and a full
 * queue answers {@link IngestOutcome.Unavailable} at once instead of letting work pile up.
 */
public final class EventIngest {
  private static final Logger log = LoggerFactory.getLogger(EventIngest.class);

  /** @param submittedNanos when the event entered the queue (System.nanoTime), for the ingest latency */
  private record Pending(UserEvent event, CompletableFuture<IngestOutcome> outcome, long submittedNanos) {}

  private final BoundedSourceQueue<Pending> queue;
  private final Users users;
  private final ItemCategories categories;
  private final IngestSettings settings;
  private final OutcomeRecorder outcomes;
  private final InteractionRecorder interactions;

  public EventIngest(ActorSystem<?> system, Users users, ItemCategories categories, IngestSettings settings,
                     OutcomeRecorder outcomes, InteractionRecorder interactions) {
    this.users = users;
    this.categories = categories;
    this.settings = settings;
    this.outcomes = outcomes;
    this.interactions = interactions;
    this.queue = Source.<Pending>queue(settings.bufferSize())
        .mapAsyncUnordered(settings.parallelism(), this::record)
        .to(Sink.ignore())
        .run(system);
  }

  /** Submits every event; the stage completes when each has an outcome, in submission order. */
  public CompletionStage<List<IngestOutcome>> submit(List<UserEvent> events) {
    List<CompletableFuture<IngestOutcome>> outcomes = new ArrayList<>(events.size());
    for (UserEvent event : events) {
      Pending pending = new Pending(event, new CompletableFuture<>(), System.nanoTime());
      QueueOfferResult offered = queue.offer(pending);
      if (offered != QueueOfferResult.enqueued()) {
        IngestTelemetry.unconfirmed(Unconfirmed.OVERLOADED);
        pending.outcome().complete(new IngestOutcome.Unavailable(event.eventId(), "ingest queue is full"));
      }
      outcomes.add(pending.outcome());
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenApply(done -> outcomes.stream().map(CompletableFuture::join).toList());
  }

  private CompletionStage<Pending> record(Pending pending) {
    UserEvent event = pending.event();
    if (System.nanoTime() - pending.submittedNanos() > settings.maxQueueWait().toNanos()) {
      // The node is behind (Cassandra slow or away): answer now instead of asking late. The
      // producer resends; without this a backlog of events nobody waits for any more would be
      // persisted first once Cassandra is back, and requests would wait past the HTTP timeout.
      IngestTelemetry.unconfirmed(Unconfirmed.OVERLOADED);
      pending.outcome().complete(new IngestOutcome.Unavailable(event.eventId(),
          "the node is behind: the event waited longer than " + settings.maxQueueWait() + " for its turn"));
      return CompletableFuture.completedFuture(pending);
    }
    return categories.categoryOf(event.itemId())
        .thenCompose(category -> recordAtLeastOnce(event, category.orElse(null)))
        .thenCompose(result -> recordOutcome(event, result))
        .handle((result, failure) -> {
          IngestOutcome outcome = failure == null ? new IngestOutcome.Answered(result)
              : IngestOutcome.failed(event.eventId(), failure, describe(failure));
          if (failure != null) {
            // one line per event: during an outage there are thousands (the trace is at debug)
            log.warn("Event {} of user {} not confirmed: {}", event.eventId(), event.userId(), Failures.rootCause(failure));
            log.debug("Event {} not confirmed", event.eventId(), failure);
          }
          count(pending, result, failure);
          pending.outcome().complete(outcome);
          return pending;
        });
  }

  /**
   * Asks the user's entity to record the event, and asks once more if the first ask timed out, all
   * within {@code ask-timeout} ({@link AskAgain}: sharding drops messages in a hand-off). Recording
   * is idempotent by eventId, so when the first ask was only slow (its event persisted late) the
   * second is answered as a duplicate of it, which acknowledges the same.
   */
  private CompletionStage<UserEntity.RecordResult> recordAtLeastOnce(UserEvent event, String category) {
    return AskAgain.onTimeout(settings.askTimeout(), attempt -> users.record(event, category, attempt),
        IngestTelemetry::retried);
  }

  /**
   * An accepted event, or a duplicate (a resend after an unconfirmed attempt, whose writes may have
   * failed), goes to the outcome log and the interaction log (both at once) before it is
   * acknowledged.
   */
  private CompletionStage<UserEntity.RecordResult> recordOutcome(UserEvent event, UserEntity.RecordResult result) {
    if (result instanceof UserEntity.Rejected) {
      return CompletableFuture.completedFuture(result);
    }
    return outcomes.record(event).thenCombine(interactions.record(event), (outcome, interaction) -> result);
  }

  private static void count(Pending pending, UserEntity.RecordResult result, Throwable failure) {
    if (failure != null) {
      IngestTelemetry.unconfirmed(Failures.timedOut(failure) ? Unconfirmed.TIMEOUT : Unconfirmed.ERROR);
      return;
    }
    IngestTelemetry.answered(pending.submittedNanos());
    if (result instanceof UserEntity.Accepted) {
      IngestTelemetry.ingested();
    } else if (result instanceof UserEntity.Duplicate) {
      IngestTelemetry.duplicate();
    } else {
      // the stream asks the entity of the event's own user, so an id reused for other content is
      // the only refusal it can get
      IngestTelemetry.rejected(IngestTelemetry.Rejection.ID_CONFLICT, 1);
    }
  }

  private static String describe(Throwable failure) {
    return Failures.timedOut(failure) ? "the journal did not confirm in time" : "the event could not be recorded now";
  }
}
