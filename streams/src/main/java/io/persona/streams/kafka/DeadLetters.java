package io.persona.streams.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The dead-letter topic: a record that can never be recorded is copied there (same key, value and
 * headers) with why, and where it came from, in headers of its own. Its offset is committed only
 * once the copy is acknowledged, so a dead letter is never lost either.
 */
final class DeadLetters implements AutoCloseable {
  /** What is wrong with the record, as a producer should read it. */
  static final String REASON = "persona-error";
  static final String SOURCE_TOPIC = "persona-source-topic";
  static final String SOURCE_PARTITION = "persona-source-partition";
  static final String SOURCE_OFFSET = "persona-source-offset";
  static final String FAILED_AT = "persona-failed-at";
  private static final int MAX_REASON_CHARS = 2000;
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final KafkaIngestSettings settings;
  private final BooleanSupplier running;
  private final Clock clock;

  DeadLetters(Producer<byte[], byte[]> producer, KafkaIngestSettings settings, BooleanSupplier running, Clock clock) {
    this.producer = producer;
    this.topic = settings.deadLetterTopic();
    this.settings = settings;
    this.running = running;
    this.clock = clock;
  }

  /**
   * Completes once the broker acknowledged the copy; a retriable failure (broker away) is tried
   * again until this node stops, when the stage fails and the record's offset is not committed.
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
    return sent.handle((ok, failure) -> {
      if (failure == null) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
      if (!(cause instanceof RetriableException)) {
        // e.g. a record over the dead-letter topic's size limit: it cannot be kept anywhere, and
        // holding the partition for it would stop every event behind it
        log.error("Record {}-{}@{} could not be copied to the dead-letter topic {} and is dropped: {}",
            source.topic(), source.partition(), source.offset(), topic, cause.toString());
        return CompletableFuture.<Void>completedFuture(null);
      }
      if (!running.getAsBoolean()) {
        return CompletableFuture.<Void>failedFuture(new IllegalStateException("stopping"));
      }
      log.warn("Dead-lettering {}-{}@{} failed ({}); trying again", source.topic(), source.partition(),
          source.offset(), cause.toString());
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
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
