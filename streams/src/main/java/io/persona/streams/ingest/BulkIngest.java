package io.persona.streams.ingest;

import io.persona.actors.user.UserEntity;
import io.persona.actors.user.Users;
import io.persona.models.events.UserEvent;
import io.persona.persistence.catalog.ItemCategories;
import io.persona.streams.ingest.IngestTelemetry.Unconfirmed;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The node's bulk ingest stream, for history imports: a request's events are grouped by user
 * (each user's events sorted by time, ties in request order), and each user's events go to its
 * entity as {@link UserEntity.RecordEvents} slices, each one persistAll. At most
 * {@code persona.ingest.parallelism} users are in flight at once over all import requests of the
 * node; a full queue answers {@link IngestOutcome.Unavailable} at once. Like the single-event
 * path, accepted and duplicate events are in the outcome and interaction logs before they are
 * answered.
 */
public final class BulkIngest {
  private static final Logger log = LoggerFactory.getLogger(BulkIngest.class);

  /** One user's events of one request, with their positions in the request. */
  private record UserBatch(String userId, List<UserEvent> events, int[] positions, IngestOutcome[] answers,
                           CompletableFuture<Void> done, long submittedNanos) {}

  private final BoundedSourceQueue<UserBatch> queue;
  private final Users users;
  private final ItemCategories categories;
  private final ImportSettings settings;
  private final OutcomeRecorder outcomes;
  private final InteractionRecorder interactions;

  public BulkIngest(ActorSystem<?> system, Users users, ItemCategories categories, IngestSettings ingest,
                    ImportSettings settings, OutcomeRecorder outcomes, InteractionRecorder interactions) {
    this.users = users;
    this.categories = categories;
    this.settings = settings;
    this.outcomes = outcomes;
    this.interactions = interactions;
    this.queue = Source.<UserBatch>queue(ingest.bufferSize())
        .mapAsyncUnordered(ingest.parallelism(), this::record)
        .to(Sink.ignore())
        .run(system);
  }

  /** Submits every event; completes with one outcome per event, in the request's order. */
  public CompletionStage<List<IngestOutcome>> submit(List<UserEvent> events) {
    IngestOutcome[] answers = new IngestOutcome[events.size()];
    Map<String, List<Integer>> byUser = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      byUser.computeIfAbsent(events.get(i).userId(), u -> new ArrayList<>()).add(i);
    }
    List<CompletableFuture<Void>> pending = new ArrayList<>(byUser.size());
    long now = System.nanoTime();
    for (Map.Entry<String, List<Integer>> user : byUser.entrySet()) {
      int[] positions = user.getValue().stream()
          .sorted(Comparator.comparing((Integer i) -> events.get(i).timestamp()).thenComparing(i -> i))
          .mapToInt(Integer::intValue).toArray();
      List<UserEvent> ordered = Arrays.stream(positions).mapToObj(events::get).toList();
      UserBatch batch = new UserBatch(user.getKey(), ordered, positions, answers, new CompletableFuture<>(), now);
      if (queue.offer(batch) != QueueOfferResult.enqueued()) {
        unavailable(batch, "the import queue is full", Unconfirmed.OVERLOADED);
      }
      pending.add(batch.done());
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(done -> List.of(answers));
  }

  private CompletionStage<UserBatch> record(UserBatch batch) {
    if (System.nanoTime() - batch.submittedNanos() > settings.requestTimeout().toNanos()) {
      // nobody waits for this answer any more; the client resends what it has not seen confirmed
      unavailable(batch, "the node is behind: the user's events waited longer than "
          + settings.requestTimeout() + " for their turn", Unconfirmed.OVERLOADED);
      return CompletableFuture.completedFuture(batch);
    }
    CompletionStage<Void> slices = CompletableFuture.completedFuture(null);
    for (int from = 0; from < batch.events().size(); from += settings.maxEventsPerPersist()) {
      int start = from;
      int end = Math.min(batch.events().size(), from + settings.maxEventsPerPersist());
      slices = slices.thenCompose(previous -> recordSlice(batch, start, end));
    }
    return slices.handle((ok, failure) -> {
      if (failure != null) {
        log.warn("Import of {} events of user {} not confirmed: {}", batch.events().size(), batch.userId(),
            Failures.rootCause(failure));
        if (Failures.passes(failure)) {
          unavailable(batch, Failures.timedOut(failure) ? "the journal did not confirm in time"
              : "the events could not be recorded now", Failures.timedOut(failure) ? Unconfirmed.TIMEOUT : Unconfirmed.ERROR);
        } else {
          faulted(batch, failure);
        }
      } else {
        batch.done().complete(null);
      }
      return batch;
    });
  }

  /** Events [start, end) of the user's batch: one persistAll, then the outcome and interaction logs. */
  private CompletionStage<Void> recordSlice(UserBatch batch, int start, int end) {
    List<UserEvent> slice = batch.events().subList(start, end);
    return categoriesOf(slice)
        .thenCompose(known -> users.recordAll(batch.userId(), slice, known, settings.askTimeout()))
        .thenCompose(results -> {
          List<UserEvent> answered = new ArrayList<>(slice.size());
          for (int i = 0; i < slice.size(); i++) {
            if (!(results.get(i) instanceof UserEntity.Rejected)) {
              answered.add(slice.get(i));
            }
          }
          return outcomes.recordAll(answered)
              .thenCombine(interactions.recordAll(answered), (o, w) -> results);
        })
        .thenAccept(results -> {
          for (int i = 0; i < slice.size(); i++) {
            UserEntity.RecordResult result = results.get(i);
            count(result);
            batch.answers()[batch.positions()[start + i]] = new IngestOutcome.Answered(result);
          }
        });
  }

  private CompletionStage<Map<String, String>> categoriesOf(List<UserEvent> events) {
    Map<String, CompletableFuture<Optional<String>>> lookups = new HashMap<>();
    for (UserEvent event : events) {
      lookups.computeIfAbsent(event.itemId(), item -> categories.categoryOf(item).toCompletableFuture());
    }
    return CompletableFuture.allOf(lookups.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, String> known = new HashMap<>();
      lookups.forEach((item, category) -> category.join().ifPresent(c -> known.put(item, c)));
      return known;
    });
  }

  /** Every event of the batch not answered yet is unconfirmed (slices already persisted stay answered). */
  private static void unavailable(UserBatch batch, String reason, Unconfirmed why) {
    for (int i = 0; i < batch.positions().length; i++) {
      int at = batch.positions()[i];
      if (batch.answers()[at] == null) {
        IngestTelemetry.unconfirmed(why);
        batch.answers()[at] = new IngestOutcome.Unavailable(batch.events().get(i).eventId(), reason);
      }
    }
    batch.done().complete(null);
  }

  /** Every event of the batch not answered yet failed on a fault of the server. */
  private static void faulted(UserBatch batch, Throwable failure) {
    for (int i = 0; i < batch.positions().length; i++) {
      int at = batch.positions()[i];
      if (batch.answers()[at] == null) {
        IngestTelemetry.unconfirmed(Unconfirmed.ERROR);
        batch.answers()[at] = new IngestOutcome.Faulted(batch.events().get(i).eventId(), failure);
      }
    }
    batch.done().complete(null);
  }

  private static void count(UserEntity.RecordResult result) {
    if (result instanceof UserEntity.Accepted) {
      IngestTelemetry.ingested();
    } else if (result instanceof UserEntity.Duplicate) {
      IngestTelemetry.duplicate();
    } else {
      IngestTelemetry.rejected(IngestTelemetry.Rejection.ID_CONFLICT, 1);
    }
  }
}
