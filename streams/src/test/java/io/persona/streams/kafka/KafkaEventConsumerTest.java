package io.persona.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.actors.user.UserEntity;
import io.persona.models.events.UserEvent;
import io.persona.streams.ingest.IngestOutcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The consumer loop against Kafka's own mock clients, one step at a time: offsets move only past
 * persisted events, in poll order; dead letters are committed once the broker has them; an
 * unavailable event is submitted again; partitions pause while too much is in flight.
 */
class KafkaEventConsumerTest {
  private static final String TOPIC = "events";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  private MockConsumer<byte[], byte[]> consumer;
  private MockProducer<byte[], byte[]> producer;
  /** What the test's ingest stream was asked, and the answers it has not given yet. */
  private final List<List<UserEvent>> submitted = Collections.synchronizedList(new ArrayList<>());
  private final List<CompletableFuture<List<IngestOutcome>>> answers = Collections.synchronizedList(new ArrayList<>());
  private Function<List<UserEvent>, CompletableFuture<List<IngestOutcome>>> ingest;
  private long nextOffset0;
  private long nextOffset1;

  @BeforeEach
  void setUp() {
    consumer = new MockConsumer<>("earliest");
    producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    ingest = events -> {
      CompletableFuture<List<IngestOutcome>> answer = new CompletableFuture<>();
      // the answer first: a test that sees the submission may answer it at once (resubmissions come
      // from a timer's thread)
      answers.add(answer);
      submitted.add(events);
      return answer;
    };
  }

  private KafkaEventConsumer consumerLoop(int maxInFlight) {
    KafkaIngestSettings settings = new KafkaIngestSettings(true, "unused:9092", TOPIC, TOPIC + "-dead", "g", 500,
        maxInFlight, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1),
        Duration.ofHours(1), Duration.ofSeconds(15), Map.of());
    KafkaEventConsumer loop = new KafkaEventConsumer(consumer, producer, KafkaEventConsumerTest::decode,
        events -> ingest.apply(events), settings, Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    loop.subscribe();
    consumer.rebalance(List.of(P0, P1));
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    consumer.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
    return loop;
  }

  /** A value "bad..." is invalid; any other value is the id of a valid event. */
  private static RecordDecoder.Decoded decode(byte[] value) {
    String text = new String(value, StandardCharsets.UTF_8);
    if (text.startsWith("bad")) {
      return new RecordDecoder.Invalid("not an event: " + text);
    }
    return new RecordDecoder.Valid(new UserEvent(text, "user-" + text, "click", "item-1", NOW, null, null, Map.of()));
  }

  private void publish(TopicPartition partition, String value) {
    long offset = partition.equals(P0) ? nextOffset0++ : nextOffset1++;
    consumer.addRecord(new ConsumerRecord<>(TOPIC, partition.partition(), offset, "k".getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8)));
  }

  private Long committed(TopicPartition partition) {
    OffsetAndMetadata offset = consumer.committed(java.util.Set.of(partition)).get(partition);
    return offset == null ? null : offset.offset();
  }

  private static List<IngestOutcome> accepted(List<UserEvent> events) {
    return events.stream().<IngestOutcome>map(e -> new IngestOutcome.Answered(new UserEntity.Accepted(e.eventId())))
        .toList();
  }

  private void answer(int batch, Function<List<UserEvent>, List<IngestOutcome>> outcomes) {
    answers.get(batch).complete(outcomes.apply(submitted.get(batch)));
  }

  @Test
  void offsetsAreCommittedOnlyOnceEveryEventUpToThemIsPersisted() {
    KafkaEventConsumer loop = consumerLoop(4);
    publish(P0, "a");
    publish(P0, "b");
    publish(P1, "c");
    loop.step();
    assertEquals(1, submitted.size(), "one poll, one batch");
    assertEquals(List.of("a", "b", "c"), submitted.get(0).stream().map(UserEvent::eventId).sorted().toList());
    loop.step();
    assertNull(committed(P0), "nothing is committed while the events are not persisted");
    assertNull(committed(P1));

    answer(0, KafkaEventConsumerTest::accepted);
    loop.step();
    assertEquals(2L, committed(P0));
    assertEquals(1L, committed(P1));
  }

  @Test
  void aLaterBatchPersistedFirstWaitsForTheEarlierOne() {
    KafkaEventConsumer loop = consumerLoop(4);
    publish(P0, "a");
    loop.step();
    publish(P0, "b");
    loop.step();
    assertEquals(2, submitted.size());

    answer(1, KafkaEventConsumerTest::accepted);
    loop.step();
    assertNull(committed(P0), "offset 2 would pass event a, which is not persisted yet");

    answer(0, KafkaEventConsumerTest::accepted);
    loop.step();
    assertEquals(2L, committed(P0));
  }

  @Test
  void anInvalidRecordIsDeadLetteredWithItsReasonAndCommittedOnceTheBrokerHasIt() throws InterruptedException {
    KafkaEventConsumer loop = consumerLoop(4);
    publish(P0, "bad-1");
    loop.step();
    assertTrue(submitted.isEmpty(), "nothing valid to ingest");
    awaitDeadLetters(1);
    ProducerRecord<byte[], byte[]> letter = producer.history().get(0);
    assertEquals(TOPIC + "-dead", letter.topic());
    assertEquals("bad-1", new String(letter.value(), StandardCharsets.UTF_8));
    assertEquals("not an event: bad-1", header(letter, DeadLetters.REASON));
    assertEquals(TOPIC, header(letter, DeadLetters.SOURCE_TOPIC));
    assertEquals("0", header(letter, DeadLetters.SOURCE_OFFSET));
    loop.step();
    assertNull(committed(P0), "the dead letter is not acknowledged yet");

    producer.completeNext();
    loop.step();
    assertEquals(1L, committed(P0));
  }

  @Test
  void aDeadLetterTheBrokerRefusesIsSentAgainAndTheOffsetWaitsForIt() throws InterruptedException {
    KafkaEventConsumer loop = consumerLoop(4);
    publish(P0, "bad-2");
    loop.step();
    awaitDeadLetters(1);
    producer.errorNext(new TopicAuthorizationException("no write access to " + TOPIC + "-dead"));
    loop.step();
    assertNull(committed(P0), "a refused copy is not a dead letter");
    awaitDeadLetters(2);
    producer.completeNext();
    assertEquals(1L, stepUntilCommitted(loop, 1L));
  }

  @Test
  void anEventItsUserRefusesIsDeadLetteredToo() throws InterruptedException {
    KafkaEventConsumer loop = consumerLoop(4);
    publish(P0, "a");
    loop.step();
    answer(0, events -> List.of(new IngestOutcome.Answered(
        new UserEntity.Rejected("a", "event id a was recorded with other content"))));
    awaitDeadLetters(1);
    loop.step();
    assertEquals("rejected by its user: event id a was recorded with other content",
        header(producer.history().get(0), DeadLetters.REASON));
    assertNull(committed(P0));
    producer.completeNext();
    loop.step();
    assertEquals(1L, committed(P0));
  }

  @Test
  void anUnavailableEventIsSubmittedAgainUntilItIsPersisted() throws InterruptedException {
    KafkaEventConsumer loop = consumerLoop(4);
    publish(P0, "a");
    publish(P0, "b");
    loop.step();
    answer(0, events -> List.of(new IngestOutcome.Answered(new UserEntity.Accepted("a")),
        new IngestOutcome.Unavailable("b", "ingest queue is full")));
    awaitSubmissions(2);
    assertEquals(List.of("b"), submitted.get(1).stream().map(UserEvent::eventId).toList(), "only b again");
    loop.step();
    assertNull(committed(P0), "b is not persisted yet");

    answer(1, events -> List.of(new IngestOutcome.Answered(new UserEntity.Duplicate("b"))));
    assertEquals(2L, stepUntilCommitted(loop, 2L));
  }

  @Test
  void partitionsPauseWhileTooManyBatchesAreInFlightAndResumeAfter() {
    KafkaEventConsumer loop = consumerLoop(1);
    publish(P0, "a");
    loop.step();
    assertEquals(java.util.Set.of(P0, P1), consumer.paused(), "one batch in flight is the limit");
    publish(P0, "b");
    loop.step();
    assertEquals(1, submitted.size(), "a paused partition is not read");

    answer(0, KafkaEventConsumerTest::accepted);
    loop.step();
    assertEquals(1L, committed(P0));
    assertTrue(consumer.paused().isEmpty(), "resumed once the batch is committed");
    loop.step();
    assertEquals(2, submitted.size(), "b is read after the resume");
  }

  @Test
  void revokedPartitionsAreNotCommittedByThisNode() {
    KafkaEventConsumer loop = consumerLoop(4);
    publish(P0, "a");
    publish(P1, "b");
    loop.step();
    // the group takes P1 away while the batch is still in flight (its drain waits in vain: 1 s)
    consumer.rebalance(List.of(P0));
    answer(0, KafkaEventConsumerTest::accepted);
    loop.step();
    assertEquals(1L, committed(P0));
    assertNull(committed(P1), "P1's next owner starts from the last commit");
  }

  /**
   * Steps the loop until partition 0's committed offset is {@code offset} (at most 5 s). A retry (a
   * dead letter sent again, an event submitted again) is chained on a timer's thread after its send
   * or submission is already out, so its answer can reach the loop a moment after the test gives it
   * (a single {@code step} then found nothing to commit: a flaky failure).
   */
  private Long stepUntilCommitted(KafkaEventConsumer loop, long offset) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    loop.step();
    while (!Long.valueOf(offset).equals(committed(P0)) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      loop.step();
    }
    return committed(P0);
  }

  /** Dead letters are sent from a thread of their own. */
  private void awaitDeadLetters(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (producer.history().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(count, producer.history().size());
  }

  private void awaitSubmissions(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (submitted.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(count, submitted.size());
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String key) {
    var header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
