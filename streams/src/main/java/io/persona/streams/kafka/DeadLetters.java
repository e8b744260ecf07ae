package io.persona.streams.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The dead-letter topic: a record that can never be recorded is copied there (same key, value and
 * headers) with why, and where it came from, in headers of its own. Its offset is committed only
 * once the copy is acknowledged. A failed copy is tried again with backoff until it succeeds or
 * the node stops (the offset then stays uncommitted); only a record too large for the dead-letter
 * topic goes there without its value, its headers still saying what and where it was.
 *
 * <p>Sends run on a thread of their own: {@code send} can block for the topic's metadata
 * (max.block.ms), and neither the consumer's thread nor the ingest stream's may wait on that.
 */
final class DeadLetters implements AutoCloseable {
  /** What is wrong with the record, as a producer should read it. */
  static final String REASON = "persona-error";
  static final String SOURCE_TOPIC = "persona-source-topic";
  static final String SOURCE_PARTITION = "persona-source-partition";
  static final String SOURCE_OFFSET = "persona-source-offset";
  static final String FAILED_AT = "persona-failed-at";
  /** Set on a copy sent without its value because the value was too large for the dead-letter topic. */
  static final String VALUE_DROPPED = "persona-value-dropped";
  private static final int MAX_REASON_CHARS = 2000;
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final KafkaIngestSettings settings;
  private final BooleanSupplier running;
  private final Clock clock;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "persona-kafka-dead-letters");
    thread.setDaemon(true);
    return thread;
  });

  DeadLetters(Producer<byte[], byte[]> producer, KafkaIngestSettings settings, BooleanSupplier running, Clock clock) {
    this.producer = producer;
    this.topic = settings.deadLetterTopic();
    this.settings = settings;
    this.running = running;
    this.clock = clock;
  }

  /**
   * Completes once the broker acknowledged the copy; fails only when this node stops first (the
   * record's offset is then not committed, and the next owner reads it again).
   */
  CompletionStage<Void> send(ConsumerRecord<byte[], byte[]> source, String reason, boolean invalid) {
    RecordHeaders headers = new RecordHeaders(source.headers().toArray());
    headers.add(REASON, utf8(reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason));
    headers.add(SOURCE_TOPIC, utf8(source.topic()));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(source.offset())));
    headers.add(FAILED_AT, utf8(clock.instant().toString()));
    ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, source.key(), source.value(), headers);
    return attempt(letter, source, 1).thenRun(() -> KafkaTelemetry.deadLettered(invalid));
  }

  private CompletionStage<Void> attempt(ProducerRecord<byte[], byte[]> letter, ConsumerRecord<byte[], byte[]> source,
                                        int attempt) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    try {
      sender.execute(() -> {
        try {
          producer.send(letter, (metadata, failure) -> {
            if (failure == null) {
              sent.complete(null);
            } else {
              sent.completeExceptionally(failure);
            }
          });
        } catch (RuntimeException failure) {
          sent.completeExceptionally(failure);
        }
      });
    } catch (RejectedExecutionException closed) {
      sent.completeExceptionally(closed);
    }
    return sent.handle((ok, failure) -> {
      if (failure == null) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      if (!running.getAsBoolean()) {
        return CompletableFuture.<Void>failedFuture(new IllegalStateException("stopping"));
      }
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      if (cause instanceof RecordTooLargeException && letter.value() != null) {
        log.error("Record {}-{}@{} is too large for the dead-letter topic {}: it goes there without its value",
            source.topic(), source.partition(), source.offset(), topic);
        RecordHeaders headers = new RecordHeaders(letter.headers().toArray());
        headers.add(VALUE_DROPPED, utf8(Integer.toString(letter.value().length)));
        return attempt(new ProducerRecord<>(topic, null, letter.key(), null, headers), source, attempt);
      }
      // retriable or not (a missing topic, an ACL that refuses): the partition waits, and says why
      log.warn("Copying {}-{}@{} to the dead-letter topic {} failed ({}); trying again", source.topic(),
          source.partition(), source.offset(), topic, cause.toString());
      return CompletableFuture.runAsync(() -> {},
              CompletableFuture.delayedExecutor(settings.retryDelay(attempt).toMillis(), TimeUnit.MILLISECONDS))
          .thenCompose(x -> attempt(letter, source, attempt + 1));
    }).thenCompose(stage -> stage);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    sender.shutdown();
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
