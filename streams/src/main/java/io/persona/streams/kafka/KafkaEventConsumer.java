package io.persona.streams.kafka;

import io.persona.actors.user.UserEntity;
import io.persona.models.events.UserEvent;
import io.persona.streams.ingest.IngestOutcome;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One node's consumer of the events topic, on a thread of its own (a Kafka consumer is not
 * thread-safe; every call to it is made here).
 *
 * <p>Each poll's records become one batch: every valid event goes to the ingest stream at once,
 * every invalid record to the dead-letter topic. A batch is done when each event is persisted (or
 * answered as a duplicate, or refused by its user and dead-lettered): an event answered
 * unavailable is submitted again, with backoff, until it is. Offsets are committed in poll order,
 * only up to the end of the oldest batch not yet done, so a committed offset never passes an event
 * that is not persisted: after a crash, whatever follows the last commit is redelivered and
 * answered as duplicates. At {@code max-in-flight-batches} batches not yet committed, the consumer
 * pauses its partitions (the broker keeps what the node cannot take yet) and resumes them once
 * the oldest batch is committed.
 */
public final class KafkaEventConsumer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaEventConsumer.class);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration LAG_READ_TIMEOUT = Duration.ofSeconds(2);
  /**
   * The ingest stream answers every event within max-queue-wait + ask-timeout (10 s by default);
   * past this a submission counts as unavailable and is made again, so a stream that stopped
   * answering cannot hold the partition forever.
   */
  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);

  /** One poll's records; offsets are touched only on the consumer's thread. */
  private static final class Batch {
    final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    final long polledNanos = System.nanoTime();
    CompletableFuture<Void> done;
  }

  private final Consumer<byte[], byte[]> consumer;
  private final DeadLetters deadLetters;
  private final RecordDecoder decoder;
  private final IngestPath ingest;
  private final KafkaIngestSettings settings;
  private final Deque<Batch> inFlight = new ArrayDeque<>();
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean running = true;
  /** When close() was called: no drain goes past it plus drain-timeout, however many drains a stop meets. */
  private volatile long stopDeadlineNanos = Long.MAX_VALUE;
  private long nextLagReadNanos = System.nanoTime();
  private long lastLagReadNanos = System.nanoTime();

  KafkaEventConsumer(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> deadLetterProducer,
                     RecordDecoder decoder, IngestPath ingest, KafkaIngestSettings settings, Clock clock) {
    this.consumer = consumer;
    this.deadLetters = new DeadLetters(deadLetterProducer, settings, () -> running, clock);
    this.decoder = decoder;
    this.ingest = ingest;
    this.settings = settings;
    this.thread = new Thread(this::run, "persona-kafka-consumer");
    this.thread.setDaemon(true);
  }

  /** Connects to the configured brokers and starts consuming. */
  public static KafkaEventConsumer start(KafkaIngestSettings settings, RecordDecoder decoder, IngestPath ingest) {
    Consumer<byte[], byte[]> kafkaConsumer = KafkaClients.consumer(settings);
    Producer<byte[], byte[]> producer;
    try {
      producer = KafkaClients.deadLetterProducer(settings);
    } catch (RuntimeException e) {
      kafkaConsumer.close(CloseOptions.timeout(Duration.ZERO));
      throw e;
    }
    KafkaEventConsumer consumer = new KafkaEventConsumer(kafkaConsumer, producer, decoder, ingest, settings,
        Clock.systemUTC());
    consumer.start();
    return consumer;
  }

  void start() {
    KafkaTelemetry.started();
    thread.start();
    log.info("Consuming events from Kafka topic {} at {} (group {}); dead letters to {}", settings.topic(),
        settings.bootstrapServers(), settings.groupId(), settings.deadLetterTopic());
  }

  private void run() {
    try {
      subscribe();
      while (running) {
        try {
          step();
        } catch (WakeupException stopping) {
          // close() woke the poll up: the loop ends
        } catch (RuntimeException e) {
          // the loop outlives any one failure (a broker error, a bug in a step): a consumer that
          // stopped silently would leave its partitions unread while the node looks healthy
          log.warn("Kafka consumer step failed; trying again in {}", settings.retryMax(), e);
          pause(settings.retryMax());
        }
      }
    } catch (RuntimeException e) {
      log.error("The Kafka consumer could not subscribe to {} and stops", settings.topic(), e);
    } finally {
      finish();
    }
  }

  void subscribe() {
    consumer.subscribe(List.of(settings.topic()), new Rebalance());
  }

  /** One turn of the loop: poll, submit, commit what is persisted, pause or resume, read the lag. */
  void step() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
    if (!records.isEmpty()) {
      inFlight.addLast(submit(records));
    }
    commitPersisted();
    applyBackpressure();
    readLagIfDue();
  }

  private Batch submit(ConsumerRecords<byte[], byte[]> records) {
    KafkaTelemetry.consumed(records.count());
    Batch batch = new Batch();
    List<UserEvent> events = new ArrayList<>(records.count());
    List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>(records.count());
    List<CompletableFuture<Void>> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      batch.nextOffsets.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
      RecordDecoder.Decoded decoded = decode(record);
      if (decoded instanceof RecordDecoder.Valid valid) {
        events.add(valid.event());
        sources.add(record);
      } else {
        letters.add(deadLetters.send(record, ((RecordDecoder.Invalid) decoded).reason(), true).toCompletableFuture());
      }
    }
    letters.add(persistAll(events, sources, 0).toCompletableFuture());
    batch.done = CompletableFuture.allOf(letters.toArray(CompletableFuture[]::new));
    return batch;
  }

  private RecordDecoder.Decoded decode(ConsumerRecord<byte[], byte[]> record) {
    try {
      return decoder.decode(record.value());
    } catch (RuntimeException e) {
      return new RecordDecoder.Invalid("the record could not be read: " + e.getMessage());
    }
  }

  /**
   * Submits the events and, for those answered unavailable, again after a backoff until each is
   * answered; an event its user refuses goes to the dead-letter topic. Fails (and so leaves the
   * batch uncommitted) only when this node stops first.
   */
  private CompletionStage<Void> persistAll(List<UserEvent> events, List<ConsumerRecord<byte[], byte[]>> sources,
                                           int attempt) {
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletionStage<List<IngestOutcome>> answered;
    try {
      answered = ingest.submit(events).toCompletableFuture()
          .orTimeout(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      answered = CompletableFuture.failedFuture(e);
    }
    return answered.handle((outcomes, failure) -> {
      List<UserEvent> again = new ArrayList<>();
      List<ConsumerRecord<byte[], byte[]>> againSources = new ArrayList<>();
      List<CompletableFuture<Void>> letters = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        IngestOutcome outcome = failure == null ? outcomes.get(i) : null;
        if (outcome instanceof IngestOutcome.Answered answer) {
          if (answer.result() instanceof UserEntity.Rejected rejected) {
            letters.add(deadLetters.send(sources.get(i), "rejected by its user: " + rejected.reason(), false)
                .toCompletableFuture());
          }
        } else {
          again.add(events.get(i));
          againSources.add(sources.get(i));
        }
      }
      CompletableFuture<Void> lettersSent = CompletableFuture.allOf(letters.toArray(CompletableFuture[]::new));
      if (again.isEmpty()) {
        return lettersSent;
      }
      if (!running) {
        return lettersSent.thenCompose(x -> CompletableFuture.<Void>failedFuture(
            new IllegalStateException(again.size() + " events not persisted before the consumer stopped")));
      }
      KafkaTelemetry.resubmitted(again.size());
      Duration delay = settings.retryDelay(attempt + 1);
      log.debug("{} events from Kafka unavailable; submitting them again in {}", again.size(), delay);
      return lettersSent
          .thenCompose(x -> CompletableFuture.runAsync(() -> {},
              CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)))
          .thenCompose(x -> persistAll(again, againSources, attempt + 1));
    }).thenCompose(stage -> stage);
  }

  /** Moves the offsets of the oldest batches that are done into the next commit, and commits. */
  private void commitPersisted() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().done.isDone()) {
      Batch oldest = inFlight.peekFirst();
      if (oldest.done.isCompletedExceptionally()) {
        break; // only when stopping: neither it nor anything after it is committed
      }
      inFlight.pollFirst();
      oldest.nextOffsets.forEach((partition, next) -> toCommit.put(partition, new OffsetAndMetadata(next)));
    }
    if (toCommit.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(Map.copyOf(toCommit), COMMIT_TIMEOUT);
      toCommit.clear();
      KafkaTelemetry.committed();
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // the partitions were given to another node meanwhile: it starts from the last commit and
      // its events come again as duplicates
      log.info("Offsets not committed, the group rebalanced: {}", e.getMessage());
      toCommit.clear();
    } catch (RetriableException e) {
      log.warn("Committing offsets failed ({}); trying again after the next poll", e.toString());
    }
  }

  private void applyBackpressure() {
    Set<TopicPartition> assigned = consumer.assignment();
    if (inFlight.size() >= settings.maxInFlightBatches()) {
      consumer.pause(assigned);
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
    Batch oldest = inFlight.peekFirst();
    double oldestAge = oldest == null ? 0 : (System.nanoTime() - oldest.polledNanos) / 1e9;
    KafkaTelemetry.state(inFlight.size(), consumer.paused().size(), assigned.size(), oldestAge,
        (System.nanoTime() - lastLagReadNanos) / 1e9);
  }

  private void readLagIfDue() {
    if (System.nanoTime() < nextLagReadNanos) {
      return;
    }
    nextLagReadNanos = System.nanoTime() + settings.lagInterval().toNanos();
    Set<TopicPartition> assigned = consumer.assignment();
    if (assigned.isEmpty()) {
      KafkaTelemetry.lag(0);
      lastLagReadNanos = System.nanoTime();
      return;
    }
    try {
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, LAG_READ_TIMEOUT);
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, LAG_READ_TIMEOUT);
      long lag = 0;
      for (TopicPartition partition : assigned) {
        OffsetAndMetadata done = committed.get(partition);
        long from = done != null ? done.offset() : consumer.position(partition, LAG_READ_TIMEOUT);
        lag += Math.max(0, ends.getOrDefault(partition, from) - from);
      }
      KafkaTelemetry.lag(lag);
      lastLagReadNanos = System.nanoTime();
    } catch (KafkaException | IllegalStateException e) {
      log.debug("Reading the consumer lag failed: {}", e.toString());
    }
  }

  /** Waits up to drain-timeout for the in-flight batches, committing each as it is done. */
  private void drain() {
    long deadline = Math.min(System.nanoTime() + settings.drainTimeout().toNanos(), stopDeadlineNanos);
    while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
      Batch oldest = inFlight.peekFirst();
      try {
        oldest.done.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception notDone) {
        break;
      }
      commitPersisted();
    }
    commitPersisted();
  }

  /** Partitions given up or lost: nothing more is committed for them by this node. */
  private void forget(Collection<TopicPartition> partitions) {
    for (Batch batch : inFlight) {
      partitions.forEach(batch.nextOffsets::remove);
    }
    partitions.forEach(toCommit::remove);
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      if (running) {
        drain(); // what is persisted by now is committed, so the next owner redelivers less
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        log.info("Consuming partitions {}", partitions);
      }
    }
  }

  private void finish() {
    running = false; // whatever ended the loop: retries still pending give up, nothing more is committed
    try {
      drain();
    } catch (WakeupException pendingWakeup) {
      drain(); // close()'s wakeup reached a commit instead of a poll; it is spent now
    } catch (RuntimeException e) {
      log.warn("Committing the last offsets failed: {}", e.toString());
    }
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      log.warn("Closing the Kafka consumer: {}", e.toString());
    }
    deadLetters.close();
    KafkaTelemetry.stopped();
    stopped.complete(null);
  }

  private void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Stops polling, lets the batches in flight finish for up to drain-timeout (committing what is
   * persisted), and leaves the group. What is not committed is redelivered to the next owner.
   */
  @Override
  public void close() {
    if (running) {
      stopDeadlineNanos = System.nanoTime() + settings.drainTimeout().toNanos();
    }
    running = false;
    consumer.wakeup();
    try {
      // the drain, then up to 10 s for a last commit and 5 s to leave the group
      stopped.get(settings.drainTimeout().toMillis() + 16_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("The Kafka consumer did not stop in time: {}", e.toString());
    }
  }
}
