package io.persona.tests.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.simulations.node.NodeProcess;
import io.persona.tests.support.Await;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.JournalAudit;
import io.persona.tests.support.JournalReader;
import io.persona.tests.support.NodeCluster;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.SharedKafka;
import io.persona.tests.support.Sleep;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Kafka ingestion end to end: a real KRaft broker (the project's launcher), two Persona nodes as
 * separate JVMs consuming one topic in one group, the shared test Cassandra. Events produced to the
 * topic reach the users' journals, an offset is committed only once every event below it is in the
 * journal, bad records land in the dead-letter topic with the reason, and neither a broker restart
 * nor a node killed with SIGKILL in the middle of a stream loses or doubles an event (journal audit
 * of every event the broker acknowledged to the producer).
 */
@ExtendWith(SharedCassandra.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaIngestTest {
  private static final Logger log = LoggerFactory.getLogger(KafkaIngestTest.class);
  private static final String KEYSPACE = "persona_kafka_it";
  private static final Duration READY = Duration.ofMinutes(3);
  private static final Duration CAUGHT_UP = Duration.ofMinutes(3);
  private static final int PARTITIONS = 4;

  private static final String run = "kf-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String topic = run + "-events";
  private static final String deadLetters = run + "-dead";
  private static final String group = run + "-persona";
  private static String servers;
  private static NodeCluster cluster;
  private static NodeProcess first;
  private static NodeProcess second;
  /** The node the audits read profiles from: the one that is not killed. */
  private static NodeProcess survivor;
  private static Admin admin;
  private static KafkaProducer<String, String> producer;
  private static JournalReader journal;
  /** Every event the broker acknowledged, by user. */
  private static final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();

  @BeforeAll
  static void startBrokerAndTwoNodes() throws Exception {
    servers = SharedKafka.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
    admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1), new NewTopic(deadLetters, 1, (short) 1)))
        .all().get(1, TimeUnit.MINUTES);
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        // long enough to outlast the broker's restart
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
        new StringSerializer(), new StringSerializer());
    cluster = new NodeCluster(SharedCassandra.settings(), KEYSPACE, "operator-" + UUID.randomUUID())
        .withEnv("PERSONA_KAFKA_ENABLED", "true")
        .withEnv("PERSONA_KAFKA_BOOTSTRAP_SERVERS", servers)
        .withEnv("PERSONA_KAFKA_TOPIC", topic)
        .withEnv("PERSONA_KAFKA_DEAD_LETTER_TOPIC", deadLetters)
        .withEnv("PERSONA_KAFKA_GROUP_ID", group)
        .withEnv("PERSONA_KAFKA_SESSION_TIMEOUT", "10s")
        .withEnv("PERSONA_METRICS_ENABLED", "true");
    first = cluster.start("kafka-1");
    second = cluster.start("kafka-2");
    first.awaitReady(READY);
    second.awaitReady(READY);
    survivor = first;
    journal = new JournalReader(SharedCassandra.settings(), KEYSPACE);
  }

  @AfterAll
  static void stopEverything() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    if (journal != null) {
      journal.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    NodeProcess.killAll();
  }

  @Test
  @Order(1)
  void eventsReachTheJournalsAndEachCommitComesAfterTheEventsBelowIt() throws Exception {
    List<String> users = users("a", 30);
    Stream stream = Stream.start(users, "a", 1000, 250);
    // while the stream flows: each time the group's commits move, every event below them must
    // already be in its user's journal, read at that moment without any settling
    Set<Sent> checked = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<String> committedBeforePersisted = new ArrayList<>();
    int samples = 0;
    boolean flowing = true;
    while (flowing) {
      flowing = stream.running() || behind() > 0; // then one more sample, after the last commit
      Map<TopicPartition, Long> committed = committedOffsets();
      Map<String, Set<String>> journals = new HashMap<>();
      for (Sent one : stream.sent()) {
        if (one.offset() < 0 || one.offset() >= committed.getOrDefault(one.partition(), 0L) || checked.contains(one)) {
          continue;
        }
        Set<String> ids = journals.computeIfAbsent(one.user(), user -> journal.entries(user).stream()
            .map(JournalReader.Entry::eventId).collect(Collectors.toSet()));
        if (!ids.contains(one.eventId())) {
          committedBeforePersisted.add(one.eventId() + " (" + one.partition() + "@" + one.offset() + ")");
        }
        checked.add(one);
      }
      samples++;
      Sleep.millis(50);
      assertTrue(samples < 4000, "the stream was consumed within ~3 minutes");
    }
    assertEquals(List.of(), committedBeforePersisted, "offsets committed before their events were in the journal");
    assertEquals(1000, checked.size(), "every event was checked against the journal when its offset was committed");
    log.info("{} samples of the group's commits while the stream flowed", samples);
    awaitAcks(stream.await());
    audit(users);
    Await.until("both nodes' consumed counters to add up to at least what was produced", Duration.ofSeconds(30),
        Duration.ofSeconds(1), () -> metric(first, "persona_kafka_records_consumed_total")
            + metric(second, "persona_kafka_records_consumed_total"), consumed -> consumed >= 1000, () -> "");
  }

  @Test
  @Order(2)
  void badRecordsLandInTheDeadLetterTopicWithTheReason() throws Exception {
    String user = "user-dl-" + run;
    Instant now = Instant.now();
    List<Sent> sent = List.of(
        sendRaw(user, "{not json"),
        sendRaw(user, "{\"eventId\":\"dl-1\",\"type\":\"click\",\"itemId\":\"i\",\"timestamp\":\"" + now + "\"}"),
        send(user, "dl-ok", "item-1"));
    awaitAcks(sent);
    awaitCaughtUp();
    // the same event id again with another item, once the first is recorded: its user refuses it
    awaitAcks(List.of(sendRaw(user, event("dl-ok", user, "item-2", now))));
    awaitCaughtUp();

    Map<String, String> reasons = deadLetterReasons(3);
    assertTrue(reasons.get("{not json").startsWith("malformed JSON"), reasons.toString());
    assertTrue(reasons.entrySet().stream().anyMatch(e -> e.getKey().contains("dl-1")
        && e.getValue().contains("userId: is required")), reasons.toString());
    assertTrue(reasons.entrySet().stream().anyMatch(e -> e.getKey().contains("item-2")
        && e.getValue().startsWith("rejected by its user")), reasons.toString());
    assertEquals(List.of("dl-ok"), journal.entries(user).stream().map(JournalReader.Entry::eventId).toList());
  }

  @Test
  @Order(3)
  void aBrokerRestartInTheMiddleOfAStreamLosesAndDoublesNothing() throws Exception {
    List<String> users = users("b", 40);
    Stream stream = Stream.start(users, "b", 1200, 250);
    Sleep.millis(1500);
    log.info("Restarting the broker after {} events sent", stream.count());
    SharedKafka.restart();
    List<Sent> sent = stream.await();
    awaitAcks(sent);
    awaitCaughtUp();
    audit(users);
  }

  @Test
  @Order(4)
  void aNodeKilledInTheMiddleOfAStreamLosesAndDoublesNothing() throws Exception {
    List<String> users = users("c", 40);
    // of two nodes, the split-brain resolver keeps the side with the lowest address: the other one dies
    NodeProcess victim = remotePort(first) > remotePort(second) ? first : second;
    survivor = victim == first ? second : first;
    Stream stream = Stream.start(users, "c", 1500, 250);
    Sleep.millis(2000);
    log.info("Killing {} after {} events sent", victim, stream.count());
    victim.kill();
    List<Sent> sent = stream.await();
    awaitAcks(sent);
    awaitCaughtUp();
    audit(users);
  }

  // ---------------------------------------------------------------------------------------------

  /** One record sent; its partition and offset once the broker acknowledged it (-1 before). */
  private static final class Sent {
    private final String user;
    private final String eventId;
    private final CompletableFuture<Void> ack = new CompletableFuture<>();
    private volatile TopicPartition partition;
    private volatile long offset = -1;

    Sent(String user, String eventId) {
      this.user = user;
      this.eventId = eventId;
    }

    String user() {
      return user;
    }

    String eventId() {
      return eventId;
    }

    CompletableFuture<Void> ack() {
      return ack;
    }

    TopicPartition partition() {
      return partition;
    }

    long offset() {
      return offset;
    }

    void acknowledged(RecordMetadata metadata, Exception failure) {
      if (failure != null) {
        ack.completeExceptionally(failure);
        return;
      }
      partition = new TopicPartition(metadata.topic(), metadata.partition());
      offset = metadata.offset();
      if (eventId != null) {
        acknowledged.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(eventId);
      }
      ack.complete(null);
    }
  }

  /** Events sent from a thread of their own at a steady rate, so a fault can strike mid-stream. */
  private static final class Stream {
    private final List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private final AtomicBoolean failed = new AtomicBoolean();

    private Stream(List<String> users, String prefix, int events, int perSecond) {
      thread = new Thread(() -> {
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
          long due = start + TimeUnit.SECONDS.toNanos(i) / perSecond;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Sleep.millis(TimeUnit.NANOSECONDS.toMillis(wait));
          }
          String user = users.get(i % users.size());
          try {
            sent.add(send(user, prefix + "-" + run + "-" + i, "item-" + (i % 11)));
          } catch (RuntimeException e) {
            failed.set(true);
            log.warn("Sending failed: {}", e.toString());
          }
        }
      }, "kafka-test-stream");
      thread.start();
    }

    static Stream start(List<String> users, String prefix, int events, int perSecond) {
      return new Stream(users, prefix, events, perSecond);
    }

    int count() {
      return sent.size();
    }

    boolean running() {
      return thread.isAlive();
    }

    List<Sent> sent() {
      synchronized (sent) {
        return List.copyOf(sent);
      }
    }

    List<Sent> await() throws InterruptedException {
      thread.join(TimeUnit.MINUTES.toMillis(3));
      assertTrue(!thread.isAlive() && !failed.get(), "the stream was sent");
      return List.copyOf(sent);
    }
  }

  private static List<String> users(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> "user-" + prefix + i + "-" + run).toList();
  }

  private static String event(String eventId, String user, String item, Instant at) {
    return "{\"eventId\":\"" + eventId + "\",\"userId\":\"" + user + "\",\"type\":\"click\",\"itemId\":\"" + item
        + "\",\"timestamp\":\"" + at + "\"}";
  }

  /** A valid event, keyed by its user (a user's events stay in one partition, in order). */
  private static Sent send(String user, String eventId, String item) {
    Sent sent = new Sent(user, eventId);
    producer.send(new ProducerRecord<>(topic, user, event(eventId, user, item, Instant.now())), sent::acknowledged);
    return sent;
  }

  private static Sent sendRaw(String key, String value) {
    Sent sent = new Sent(key, null);
    producer.send(new ProducerRecord<>(topic, key, value), sent::acknowledged);
    return sent;
  }

  /** Every send acknowledged by the broker: what the audit holds Persona to. */
  private static void awaitAcks(List<Sent> sent) throws Exception {
    for (Sent one : sent) {
      one.ack().get(3, TimeUnit.MINUTES);
    }
  }

  /** Until the group's committed offsets reach the end of every partition of the topic. */
  private static void awaitCaughtUp() {
    Await.until("the group's commits to reach the end of " + topic, CAUGHT_UP, Duration.ofMillis(250),
        KafkaIngestTest::behind, behind -> behind == 0, () -> "\n" + cluster.logTails());
  }

  private static long behind() {
    try {
      Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS).boxed()
          .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, Long> committed = committedOffsets();
      long behind = 0;
      for (var end : ends.entrySet()) {
        behind += end.getValue().offset() - committed.getOrDefault(end.getKey(), 0L);
      }
      return behind;
    } catch (Exception e) {
      return Long.MAX_VALUE; // the broker restarting
    }
  }

  /** The group's committed offsets of the topic's partitions (none for a partition not committed yet). */
  private static Map<TopicPartition, Long> committedOffsets() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, Long> offsets = new HashMap<>();
      committed.forEach((partition, offset) -> {
        if (offset != null) {
          offsets.put(partition, offset.offset());
        }
      });
      return offsets;
    } catch (Exception e) {
      throw new IllegalStateException("reading the group's offsets: " + e, e);
    }
  }

  private static void audit(List<String> users) {
    JournalAudit audit = JournalAudit.of(users, acknowledged, journal, new HttpJson(survivor.httpPort()),
        Duration.ofSeconds(30));
    log.info("Audit: {}", audit);
    assertTrue(audit.acknowledged() > 0, "events were acknowledged");
    assertEquals(List.of(), audit.lost(), "acknowledged by the broker, missing from the journal");
    assertEquals(List.of(), audit.doubled(), "in the journal twice");
    assertEquals(List.of(), audit.profileMismatches(), "profiles disagreeing with their journals");
  }

  /** The dead-letter topic's records, value → reason, once {@code count} are there. */
  private static Map<String, String> deadLetterReasons(int count) {
    Map<String, String> reasons = new HashMap<>();
    try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
        ConsumerConfig.GROUP_ID_CONFIG, run + "-reader",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      reader.subscribe(List.of(deadLetters));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (reasons.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(500))) {
          var reason = record.headers().lastHeader("persona-error");
          reasons.put(record.value(), reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8));
        }
      }
    }
    assertEquals(count, reasons.size(), "dead letters: " + reasons);
    return reasons;
  }

  private static int remotePort(NodeProcess node) {
    String address = node.address();
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  private static double metric(NodeProcess node, String name) {
    HttpJson.Reply reply = new HttpJson(node.httpPort()).get("/metrics");
    return reply.raw().body().lines().filter(line -> line.startsWith(name + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(name.length() + 1).trim())).orElse(0.0);
  }
}
