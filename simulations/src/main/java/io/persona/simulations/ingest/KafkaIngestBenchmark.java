package io.persona.simulations.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.node.NodeConfig;
import io.persona.gateway.node.PersonaNode;
import io.persona.simulations.BenchmarkMachine;
import io.persona.streams.kafka.LocalBrokerSettings;
import io.persona.streams.kafka.LocalKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Events per second through Kafka next to HTTP, on one Persona node in one run: first the HTTP
 * phase of the ingest benchmark (8 closed-loop producers posting batches), then a phase where a
 * producer keeps the events topic ahead of the node (a backlog that never empties) and the rate is
 * what the consumer group commits, i.e. events persisted in the journal and acknowledged to Kafka.
 * Each phase has its own users (new to the node), its own warm-up and the same measured time.
 * The broker is the project's local KRaft broker, a JVM of its own on the same machine. Writes
 * simulations/results/kafka-ingest.json.
 */
public final class KafkaIngestBenchmark {
  private static final int PARTITIONS = 4;
  /** The producer stays at most this many events ahead of the committed offsets. */
  private static final long MAX_BACKLOG = 60_000;

  public static void main(String[] args) throws Exception {
    io.persona.gateway.node.CommonPool.widen();
    BenchmarkOptions options = BenchmarkOptions.fromSystemProperties();
    String runId = "k" + Long.toString(System.currentTimeMillis(), 36);
    String topic = runId + "-events";
    String group = runId + "-persona";
    LocalBrokerSettings brokerSettings = new LocalBrokerSettings(LocalBrokerSettings.resolveLibDir(""),
        Paths.get("simulations", "target", "kafka-bench-" + runId).toAbsolutePath(), "127.0.0.1", freePort(),
        freePort(), PARTITIONS, "512m", Duration.ofMinutes(2));
    EventGenerator generator = new EventGenerator(options, runId);

    PhaseResult http;
    KafkaPhase kafka;
    try (LocalKafkaBroker broker = LocalKafkaBroker.ensureRunning(brokerSettings);
         Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(1, TimeUnit.MINUTES);
      Config config = ConfigFactory.parseMap(Map.of(
              "persona.kafka.enabled", true,
              "persona.kafka.bootstrap-servers", broker.bootstrapServers(),
              "persona.kafka.topic", topic,
              "persona.kafka.dead-letter-topic", topic + "-dead",
              "persona.kafka.group-id", group))
          .withFallback(NodeConfig.load("bench"));
      try (PersonaNode node = PersonaNode.start(config)) {
        IngestBenchmark.seedCatalog(node.httpPort(), options);
        HttpIngestLoad load = new HttpIngestLoad(node.httpPort(), generator, options);
        System.out.println("HTTP: warming up for " + options.warmup().toSeconds() + " s ...");
        load.run(options.warmup(), "warmup");
        System.out.println("HTTP: measuring for " + options.measure().toSeconds() + " s ...");
        http = load.run(options.measure(), "persona-http-to-journal");
        // users of their own, so that neither phase meets users the other one warmed up
        kafka = kafkaPhase(admin, broker.bootstrapServers(), topic, group, new EventGenerator(options, runId + "k"),
            options);
      }
    }
    report(options, http, kafka);
    System.exit(0);
  }

  /** @param minBacklog the smallest backlog seen while measuring: above 0, the consumer never waited for events */
  record KafkaPhase(long events, double seconds, long minBacklog, long produced) {
    double eventsPerSecond() {
      return events / seconds;
    }
  }

  private static KafkaPhase kafkaPhase(Admin admin, String servers, String topic, String group,
                                       EventGenerator generator, BenchmarkOptions options) throws Exception {
    AtomicBoolean producing = new AtomicBoolean(true);
    long[] produced = {0};
    long[] committed = {0};
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        new StringSerializer(), new StringSerializer())) {
      Thread feeder = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(7);
        while (producing.get()) {
          long ahead;
          synchronized (committed) {
            ahead = produced[0] - committed[0];
          }
          if (ahead >= MAX_BACKLOG) {
            sleep(20);
            continue;
          }
          for (int i = 0; i < 1000; i++) {
            EventGenerator.Event event = generator.next(random);
            producer.send(new ProducerRecord<>(topic, event.userId(), event.json()));
          }
          synchronized (committed) {
            produced[0] += 1000;
          }
        }
      }, "kafka-bench-feeder");
      feeder.start();
      System.out.println("Kafka: warming up for " + options.warmup().toSeconds() + " s ...");
      Thread.sleep(options.warmup().toMillis());
      long startCommitted = committed(admin, topic, group);
      long start = System.nanoTime();
      long deadline = start + options.measure().toNanos();
      long minBacklog = Long.MAX_VALUE;
      System.out.println("Kafka: measuring for " + options.measure().toSeconds() + " s ...");
      long now = startCommitted;
      while (System.nanoTime() < deadline) {
        Thread.sleep(500);
        now = committed(admin, topic, group);
        long end = endOffsets(admin, topic);
        minBacklog = Math.min(minBacklog, end - now);
        synchronized (committed) {
          committed[0] = now;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      producing.set(false);
      feeder.join();
      return new KafkaPhase(now - startCommitted, seconds, minBacklog, produced[0]);
    }
  }

  private static long committed(Admin admin, String topic, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset()).sum();
  }

  private static long endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS).boxed()
        .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
    return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
        .mapToLong(info -> info.offset()).sum();
  }

  private static void report(BenchmarkOptions options, PhaseResult http, KafkaPhase kafka) throws IOException {
    double ratio = kafka.eventsPerSecond() / http.eventsPerSecond();
    System.out.printf("%n== Ingest through Kafka next to HTTP (%d cores; Cassandra, Kafka, Persona and the load share the machine) ==%n",
        Runtime.getRuntime().availableProcessors());
    System.out.printf("HTTP  (%d producers, batches of %d) %8.0f events/s  p50 %.0f ms  p99 %.0f ms  failures %d%n",
        options.httpConcurrency(), options.batchSize(), http.eventsPerSecond(), http.p50Millis(), http.p99Millis(),
        http.failures());
    System.out.printf("Kafka (committed by the group)       %8.0f events/s  smallest backlog %d%n",
        kafka.eventsPerSecond(), kafka.minBacklog());
    System.out.printf("ratio Kafka / HTTP: %.2f%n", ratio);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "kafka-ingest");
    json.put("measuredAt", Instant.now().toString());
    json.put("machine", Map.of("cores", BenchmarkMachine.cores(), "cpu", BenchmarkMachine.cpuModel(),
        "java", System.getProperty("java.version"),
        "note", "Cassandra, the Kafka broker, Persona and the load generators share the machine"));
    json.put("options", options.toString());
    Map<String, Object> httpJson = new LinkedHashMap<>();
    httpJson.put("eventsPerSecond", Math.round(http.eventsPerSecond()));
    httpJson.put("events", http.events());
    httpJson.put("latencyP50Ms", http.p50Millis());
    httpJson.put("latencyP99Ms", http.p99Millis());
    httpJson.put("failures", http.failures());
    json.put("http", httpJson);
    Map<String, Object> kafkaJson = new LinkedHashMap<>();
    kafkaJson.put("eventsPerSecond", Math.round(kafka.eventsPerSecond()));
    kafkaJson.put("eventsCommitted", kafka.events());
    kafkaJson.put("seconds", Math.round(kafka.seconds() * 10) / 10.0);
    kafkaJson.put("smallestBacklog", kafka.minBacklog());
    kafkaJson.put("measures", "offsets committed by the consumer group per second (events persisted, then committed), "
        + "with a producer keeping the topic ahead; " + PARTITIONS + " partitions, max-poll-records and "
        + "max-in-flight-batches at their defaults");
    json.put("kafka", kafkaJson);
    json.put("ratioKafkaToHttp", Math.round(ratio * 1000) / 1000.0);
    Path out = Paths.get(System.getProperty("bench.results", "simulations/results")).resolve("kafka-ingest.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    System.out.println("Wrote " + out.toAbsolutePath());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
