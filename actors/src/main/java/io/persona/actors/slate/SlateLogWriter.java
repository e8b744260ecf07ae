package io.persona.actors.slate;

import io.persona.actors.slate.SlateLogTelemetry;
import io.persona.models.slate.ServedSlate;
import io.persona.persistence.predictions.PredictionLogRepository;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.Supervision;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The node's prediction log: served slates go into a bounded queue and one stream writes them to
 * Cassandra in batches ({@code batch-size} slates or whatever arrived within
 * {@code flush-interval}), {@code write-parallelism} batches at a time.
 *
 * <p>{@link #offer} never blocks a request: when the queue is full the slate is dropped and
 * counted. A batch that still fails after {@code write-retries} further attempts is logged and
 * counted as failed, and the stream goes on with the next batch; losing some training data is
 * better than slowing or failing recommendations.
 */
public final class SlateLogWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlateLogWriter.class);

  /**
   * Slates offered, written to Cassandra, dropped at offer (queue full or closed), and lost to
   * failed writes. Whatever is neither written, dropped nor failed is still on its way.
   */
  public record Counts(long offered, long written, long dropped, long failed) {
    public long pending() {
      return offered - written - dropped - failed;
    }
  }

  private final ActorSystem<?> system;
  private final Function<List<ServedSlate>, CompletionStage<Void>> write;
  private final SlateLogWriterSettings settings;
  private final BoundedSourceQueue<ServedSlate> queue;
  private final CompletionStage<Done> finished;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public SlateLogWriter(ActorSystem<?> system, PredictionLogRepository repository,
                             SlateLogWriterSettings settings) {
    this(system, repository::writeAll, settings);
  }

  /**
   * Writes each batch with {@code write} (normally a repository's {@code writeAll}); lets a caller
   * wrap the real write, e.g. a test that makes Cassandra writes slow.
   */
  public SlateLogWriter(ActorSystem<?> system, Function<List<ServedSlate>, CompletionStage<Void>> write,
                             SlateLogWriterSettings settings) {
    this.system = system;
    this.write = write;
    this.settings = settings;
    // Unordered: batches are independent rows, so one slow partition must not hold back the
    // completion (and the freed slot) of batches behind it.
    Pair<BoundedSourceQueue<ServedSlate>, CompletionStage<Done>> running = Source.<ServedSlate>queue(settings.bufferSize())
        .groupedWithin(settings.batchSize(), settings.flushInterval())
        .mapAsyncUnordered(settings.writeParallelism(), this::writeBatch)
        // writeBatch never fails; this only keeps the stream alive if something unforeseen throws
        .addAttributes(ActorAttributes.withSupervisionStrategy(SlateLogWriter::resume))
        .toMat(Sink.ignore(), Keep.both())
        .run(system);
    this.queue = running.first();
    this.finished = running.second();
  }

  /** Hands over one served slate without blocking; false if it was dropped (and counted). */
  public boolean offer(ServedSlate slate) {
    offered.incrementAndGet();
    SlateLogTelemetry.offered();
    QueueOfferResult result = queue.offer(slate);
    if (result == QueueOfferResult.enqueued()) {
      return true;
    }
    long droppedSoFar = dropped.incrementAndGet();
    SlateLogTelemetry.dropped();
    // on the 1st, 2nd, 4th, 8th... drop: an overload is visible in the log without flooding it
    if (Long.bitCount(droppedSoFar) == 1) {
      log.warn("Prediction log dropped the slate of request {} ({}); {} dropped so far",
          slate.requestId(), describe(result), droppedSoFar);
    }
    return false;
  }

  public Counts counts() {
    // read the outcomes before offered, so that pending() is never negative
    long w = written.get();
    long d = dropped.get();
    long f = failed.get();
    return new Counts(offered.get(), w, d, f);
  }

  /**
   * Stops taking slates and waits up to {@code close-timeout} for those already taken to be
   * written (or to fail). Slates offered afterwards are dropped.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    queue.complete();
    try {
      finished.toCompletableFuture().get(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("Prediction log closed with {} slates not yet written after {}", counts().pending(),
          settings.closeTimeout());
    } catch (ExecutionException e) {
      log.warn("Prediction log stream ended abnormally; {} slates not written", counts().pending(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes one batch with retries; completes normally either way, having counted the outcome. */
  private CompletionStage<Integer> writeBatch(List<ServedSlate> batch) {
    return Patterns.retry(() -> attempt(batch), settings.writeRetries(), settings.retryDelay(), system)
        .handle((done, failure) -> {
          if (failure == null) {
            written.addAndGet(batch.size());
            SlateLogTelemetry.written(batch.size());
          } else {
            failed.addAndGet(batch.size());
            SlateLogTelemetry.failed(batch.size());
            ServedSlate first = batch.get(0);
            ServedSlate last = batch.get(batch.size() - 1);
            log.warn("Prediction log lost {} slates (requests {} .. {}, served {} .. {}) after {} attempts",
                batch.size(), first.requestId(), last.requestId(), first.servedAt(), last.servedAt(),
                settings.writeRetries() + 1, failure);
          }
          return batch.size();
        });
  }

  private CompletionStage<Void> attempt(List<ServedSlate> batch) {
    try {
      CompletionStage<Void> stage = write.apply(batch);
      return stage != null ? stage : CompletableFuture.failedFuture(new IllegalStateException("write returned null"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Supervision.Directive resume(Throwable failure) {
    log.error("Prediction log stream stage failed; resuming with the next element", failure);
    return Supervision.resume();
  }

  private static String describe(QueueOfferResult result) {
    if (result instanceof QueueOfferResult.Failure failure) {
      return "stream failed: " + failure.cause();
    }
    return result == QueueOfferResult.dropped() ? "buffer full" : "writer closed";
  }
}
