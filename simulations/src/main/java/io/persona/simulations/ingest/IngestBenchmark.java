package io.persona.simulations.ingest;

import io.persona.simulations.PersonaHttp;
import io.persona.simulations.BenchmarkMachine;
import io.persona.simulations.CassandraTableRequests;
import io.persona.simulations.ProcessCpu;
import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.node.NodeConfig;
import io.persona.gateway.node.PersonaNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.LocalCassandraNode;
import io.persona.simulations.node.Keyspaces;
import io.persona.persistence.cassandra.CassandraSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ingest throughput end to end (HTTP → ingest stream → sharded UserEntity → Cassandra journal)
 * and, in the same run against the same Cassandra node, the raw driver's async insert rate for
 * the same payloads. Prints the figures and writes them to simulations/results/ingest.json.
 */
public final class IngestBenchmark {
  public static void main(String[] args) throws Exception {
    io.persona.gateway.node.CommonPool.widen();
    BenchmarkOptions options = BenchmarkOptions.fromSystemProperties();
    String runId = "r" + Long.toString(System.currentTimeMillis(), 36);
    // A keyspace of its own, dropped at the end: in a keyspace grown by earlier runs the node's
    // start-up work (the history model trained from the whole interaction log, trending and
    // co-visitation refilled from its last day) ran into the measured window and made runs of the
    // same code differ by 3x. -Dbench.keyspace=NAME measures against an existing keyspace, kept.
    String givenKeyspace = System.getProperty("bench.keyspace");
    String keyspace = givenKeyspace == null ? "persona_ingest_" + runId : givenKeyspace;
    Config config = NodeConfig.derived(ConfigFactory.parseString("persona.cassandra.keyspace = \"" + keyspace + "\"")
        .withFallback(NodeConfig.load("bench")));
    CassandraSettings cassandra = CassandraSettings.fromConfig(config);
    EventGenerator generator = new EventGenerator(options, runId);

    PhaseResult persona;
    PhaseResult raw;
    Map<String, Double> requestsPerEvent;
    Map<String, Double> cpuMillisPerEvent;
    // the Cassandra node outlives the Persona node, so the keyspace is dropped once nothing writes
    // to it any more (no driver class loads here: Kamon's agent attaches when the Persona node starts)
    try (LocalCassandraNode cassandraNode = LocalCassandraNode.ensureRunning(cassandra.localNodeSettings())) {
      try {
        try (PersonaNode node = PersonaNode.start(config);
             CqlSession session = CassandraSessions.connect(cassandra)) {
          seedCatalog(node.httpPort(), options);
          HttpIngestLoad http = new HttpIngestLoad(node.httpPort(), generator, options);
          System.out.println("Warming up Persona for " + options.warmup().toSeconds() + " s ...");
          http.run(options.warmup(), "warmup");
          System.out.println("Measuring Persona for " + options.measure().toSeconds() + " s ...");
          CassandraTableRequests before = CassandraTableRequests.read(session, cassandra.keyspace());
          long cassandraPid = ProcessCpu.cassandraPid().orElse(-1L);
          double cassandraCpuBefore = ProcessCpu.seconds(cassandraPid);
          double ownCpuBefore = ProcessCpu.seconds(ProcessCpu.selfPid());
          persona = http.run(options.measure(), "persona-http-to-journal");
          cpuMillisPerEvent = Map.of(
              "cassandra", perEventMillis(ProcessCpu.seconds(cassandraPid) - cassandraCpuBefore, persona.events()),
              "benchmarkJvm", perEventMillis(ProcessCpu.seconds(ProcessCpu.selfPid()) - ownCpuBefore, persona.events()));
          requestsPerEvent = CassandraTableRequests.read(session, cassandra.keyspace())
              .perUnitSince(before, persona.events());

          RawDriverLoad driver = new RawDriverLoad(session, cassandra.keyspace(), generator, options);
          System.out.println("Warming up the raw driver ...");
          driver.run(options.warmup(), "warmup");
          System.out.println("Measuring the raw driver for " + options.measure().toSeconds() + " s ...");
          raw = driver.run(options.measure(), "raw-driver-insert");
        }
      } finally {
        if (givenKeyspace == null) {
          Keyspaces.drop(cassandra, cassandraNode.contactPoint(), keyspace);
        }
      }
    }
    report(options, persona, raw, requestsPerEvent, cpuMillisPerEvent,
        givenKeyspace == null ? "a fresh keyspace, dropped after the run" : "the existing keyspace " + keyspace);
    System.exit(0);
  }

  static void seedCatalog(int port, BenchmarkOptions options) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    for (int start = 0; start < options.items(); start += 500) {
      StringBuilder body = new StringBuilder("[");
      for (int i = start; i < Math.min(options.items(), start + 500); i++) {
        if (i > start) {
          body.append(',');
        }
        body.append("{\"itemId\":\"i").append(i).append("\",\"category\":\"c").append(i % options.categories()).append("\"}");
      }
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/items"))
          .header("Content-Type", "application/json")
          .header("Authorization", PersonaHttp.OPERATOR_AUTHORIZATION)
          .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("seeding the catalog failed: " + response.body());
      }
    }
  }

  private static void report(BenchmarkOptions options, PhaseResult persona, PhaseResult raw,
                             Map<String, Double> requestsPerEvent, Map<String, Double> cpuMillisPerEvent,
                             String keyspace) throws IOException {
    double ratio = persona.eventsPerSecond() / raw.eventsPerSecond();
    System.out.printf("%n== Ingest benchmark (%d cores, Cassandra on the same machine) ==%n",
        Runtime.getRuntime().availableProcessors());
    for (PhaseResult r : new PhaseResult[] {persona, raw}) {
      System.out.printf("%-26s %9.0f events/s   latency p50 %7.2f ms   p99 %7.2f ms   failures %d%n",
          r.name(), r.eventsPerSecond(), r.p50Millis(), r.p99Millis(), r.failures());
    }
    System.out.printf("ratio Persona / raw driver: %.2f%n", ratio);
    System.out.println("Cassandra requests per acknowledged event (Persona phase, by table): " + requestsPerEvent);
    System.out.printf("CPU per acknowledged event (Persona phase): Cassandra %.3f ms, the benchmark's JVM (node and "
        + "load generator) %.3f ms%n", cpuMillisPerEvent.get("cassandra"), cpuMillisPerEvent.get("benchmarkJvm"));

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", System.getProperty("bench.name", "ingest"));
    json.put("measuredAt", Instant.now().toString());
    json.put("machine", Map.of("cores", BenchmarkMachine.cores(), "cpu", BenchmarkMachine.cpuModel(),
        "java", System.getProperty("java.version"), "note", "Cassandra, Persona and the load generator share the machine"));
    json.put("options", options.toString());
    json.put("keyspace", keyspace);
    json.put("persona", phase(persona, "per event: latency of its batch of " + options.batchSize() + ", "
        + options.httpConcurrency() + " closed-loop HTTP producers"));
    json.put("rawDriver", phase(raw, "per insert, " + options.driverInFlight() + " async inserts in flight"));
    json.put("ratioPersonaToRaw", Math.round(ratio * 1000) / 1000.0);
    json.put("cassandraRequestsPerEvent", requestsPerEvent);
    json.put("cpuMillisPerEvent", cpuMillisPerEvent);
    Path out = Paths.get(System.getProperty("bench.results", "simulations/results")).resolve(System.getProperty("bench.name", "ingest") + ".json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    System.out.println("Wrote " + out.toAbsolutePath());
  }

  private static double perEventMillis(double cpuSeconds, long events) {
    return Math.round(cpuSeconds * 1000.0 / Math.max(1, events) * 1000) / 1000.0;
  }

  private static Map<String, Object> phase(PhaseResult r, String latencyMeaning) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("eventsPerSecond", Math.round(r.eventsPerSecond()));
    m.put("events", r.events());
    m.put("seconds", Math.round(r.seconds() * 10) / 10.0);
    m.put("latencyP50Ms", r.p50Millis());
    m.put("latencyP99Ms", r.p99Millis());
    m.put("latencyMeasures", latencyMeaning);
    m.put("failures", r.failures());
    return m;
  }
}
