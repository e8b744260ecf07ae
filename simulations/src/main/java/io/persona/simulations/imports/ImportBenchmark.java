package io.persona.simulations.imports;

import io.persona.simulations.PersonaHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.persona.actors.node.NodeConfig;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.cassandra.LocalCassandraNode;
import io.persona.simulations.BenchmarkMachine;
import io.persona.simulations.ProcessCpu;
import io.persona.simulations.node.Keyspaces;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Import throughput: the first {@code bench.rows} (200,000) rows of the Online Retail history
 * posted as CSV chunks of {@code bench.chunk} (5,000) events to {@code POST /v1/import/events},
 * {@code bench.parallel} (4) chunks in flight (the defaults of {@code persona import}), after its
 * items were imported, into a fresh keyspace of the local Cassandra node (dropped afterwards), so
 * every event is new. The node runs with its defaults (learning on) in a JVM of its own, as an
 * operator runs it, and this JVM is its client ({@code -Dbench.node=process}, the default), or
 * inside this JVM ({@code -Dbench.node=in-process}, the only way before 2026-12-08). Prints the
 * overall rate and the median chunk rate (a chunk's events over the time since the chunk before it
 * completed) and writes simulations/results/import.json ({@code -Dbench.out=NAME.json} for another
 * name; {@code -Dbench.node-heap=2g}, and {@code -Dbench.node-jvm="…"} for more of the node's JVM options,
 * split at white space, e.g. a profiler: both only for a node in a JVM of its own). The CPU figures
 * read the first Cassandra process on the machine, which is the benchmark's where only one runs.
 */
public final class ImportBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String PROCESS = "process";
  static final String IN_PROCESS = "in-process";

  public static void main(String[] args) {
    io.persona.gateway.node.CommonPool.widen();
    try {
      run();
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    int rows = Integer.getInteger("bench.rows", 200_000);
    int chunk = Integer.getInteger("bench.chunk", 5_000);
    int parallel = Integer.getInteger("bench.parallel", 4);
    Path data = Paths.get(System.getProperty("bench.data", "../shared/data/online-retail/interactions.csv.gz"));
    String keyspace = "persona_import_bench_" + Long.toString(System.currentTimeMillis(), 36);

    String mode = System.getProperty("bench.node", PROCESS);
    if (!mode.equals(PROCESS) && !mode.equals(IN_PROCESS)) {
      throw new IllegalArgumentException("bench.node must be " + PROCESS + " or " + IN_PROCESS + ", not " + mode);
    }

    String nodeHeap = System.getProperty("bench.node-heap", "2g");
    List<String> nodeJvm = List.of(System.getProperty("bench.node-jvm", "").trim().split("\\s+")).stream()
        .filter(option -> !option.isEmpty()).toList();
    if (mode.equals(IN_PROCESS) && (System.getProperty("bench.node-heap") != null || !nodeJvm.isEmpty())) {
      throw new IllegalArgumentException("bench.node-heap and bench.node-jvm apply to a node in a JVM of its own; "
          + "in-process, give the benchmark's JVM its options instead");
    }
    boolean dropped = false;

    RetailSlice slice = RetailSlice.read(data, rows);
    System.out.printf("Read %,d events and %,d items from %s%n", slice.eventRows().size(), slice.itemRows().size(), data);

    Map<String, Object> result = new LinkedHashMap<>();
    // the bench profile's Cassandra: the project's own local node, started or reused (stopped if started here)
    CassandraSettings cassandra = CassandraSettings.fromConfig(NodeConfig.load("bench"));
    try (LocalCassandraNode cassandraNode = LocalCassandraNode.ensureRunning(cassandra.localNodeSettings())) {
      try (ImportTarget node = mode.equals(PROCESS)
          ? ImportTarget.process(keyspace, cassandraNode.contactPoint(), nodeHeap, nodeJvm)
          : ImportTarget.inProcess(keyspace)) {
        importInto(node, slice, chunk, parallel, result);
      } finally {
        dropped = Keyspaces.drop(cassandra, cassandraNode.contactPoint(), keyspace);
      }
    }
    result.put("data", data.getFileName() + ": first " + rows + " rows, each a purchase (value = quantity), "
        + "event ids derived; items' category = the country of their first row");
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("rows", rows);
    options.put("chunk", chunk);
    options.put("parallel", parallel);
    options.put("keyspace", keyspace + (dropped ? " (dropped)" : " (not dropped: see the error above)"));
    options.put("node", mode);
    if (mode.equals(PROCESS)) {
      options.put("nodeHeap", nodeHeap);
      options.put("nodeJvm", String.join(" ", nodeJvm));
    }
    result.put("options", options);
    result.put("goalEventsPerSecond", 20_000);
    Path out = Paths.get(System.getProperty("bench.results", "simulations/results"))
        .resolve(System.getProperty("bench.out", "import.json"));
    Files.createDirectories(out.getParent());
    Files.writeString(out, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    System.out.println("Results: " + out);
  }

  private static void importInto(ImportTarget node, RetailSlice slice, int chunk, int parallel,
                                 Map<String, Object> result) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI items = node.base().resolve("/v1/import/items");
    URI events = node.base().resolve("/v1/import/events");
    long itemsStart = System.nanoTime();
    for (int from = 0; from < slice.itemRows().size(); from += chunk) {
      post(http, items, RetailSlice.ITEM_HEADER, slice.itemRows().subList(from, Math.min(slice.itemRows().size(), from + chunk)));
    }
    double itemSeconds = (System.nanoTime() - itemsStart) / 1e9;
    System.out.printf("Imported %,d items in %.1f s%n", slice.itemRows().size(), itemSeconds);

    ExecutorService senders = Executors.newFixedThreadPool(parallel);
    List<Long> completions = Collections.synchronizedList(new ArrayList<>());
    List<Future<JsonNode>> answers = new ArrayList<>();
    long cassandraPid = ProcessCpu.cassandraPid().orElse(-1L);
    double cassandraCpu = ProcessCpu.seconds(cassandraPid);
    double nodeCpu = ProcessCpu.seconds(node.pid());
    double loaderCpu = ProcessCpu.seconds(ProcessCpu.selfPid());
    long start = System.nanoTime();
    for (int from = 0; from < slice.eventRows().size(); from += chunk) {
      List<String> part = slice.eventRows().subList(from, Math.min(slice.eventRows().size(), from + chunk));
      answers.add(senders.submit(() -> {
        JsonNode answer = post(http, events, RetailSlice.EVENT_HEADER, part);
        completions.add(System.nanoTime());
        return answer;
      }));
    }
    long accepted = 0;
    long duplicates = 0;
    long other = 0;
    for (Future<JsonNode> answer : answers) {
      JsonNode body = answer.get();
      accepted += body.path("accepted").asLong();
      duplicates += body.path("duplicates").asLong();
      other += body.path("rejected").asLong() + body.path("skipped").asLong();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    senders.shutdown();
    // CPU per imported event over the events' import: where the machine's two cores went
    int eventCount = slice.eventRows().size();
    // (a process whose CPU time could not be read, e.g. no Cassandra process found, is left out)
    Map<String, Double> cpuMillisPerEvent = new LinkedHashMap<>();
    putPerEvent(cpuMillisPerEvent, "cassandra", ProcessCpu.seconds(cassandraPid) - cassandraCpu, eventCount);
    if (node.pid() != ProcessCpu.selfPid()) {
      putPerEvent(cpuMillisPerEvent, "node", ProcessCpu.seconds(node.pid()) - nodeCpu, eventCount);
      putPerEvent(cpuMillisPerEvent, "loader", ProcessCpu.seconds(ProcessCpu.selfPid()) - loaderCpu, eventCount);
    } else {
      putPerEvent(cpuMillisPerEvent, "nodeAndLoader", ProcessCpu.seconds(node.pid()) - nodeCpu, eventCount);
    }

    List<Long> times = new ArrayList<>(completions);
    Collections.sort(times);
    List<Double> chunkRates = new ArrayList<>();
    long previous = start;
    for (long done : times) {
      chunkRates.add(chunk / Math.max(1e-6, (done - previous) / 1e9));
      previous = done;
    }
    Collections.sort(chunkRates);
    double median = chunkRates.get(chunkRates.size() / 2);
    double overall = slice.eventRows().size() / seconds;
    System.out.printf("%n== Import benchmark (%d cores, Cassandra on the same machine) ==%n", BenchmarkMachine.cores());
    System.out.printf("%,d events in %.1f s: %,.0f events/s overall, median chunk rate %,.0f events/s%n",
        slice.eventRows().size(), seconds, overall, median);
    System.out.printf("accepted %,d, duplicates %,d, rejected or skipped %,d%n", accepted, duplicates, other);
    System.out.println("CPU per event (ms): " + cpuMillisPerEvent);

    result.put("benchmark", "import");
    result.put("measuredAt", Instant.now().toString());
    result.put("machine", Map.of("cores", BenchmarkMachine.cores(), "cpu", BenchmarkMachine.cpuModel(),
        "java", System.getProperty("java.version"),
        "note", "Cassandra, the Persona node and the loader share the machine"));
    result.put("node", node.description());
    result.put("items", Map.of("count", slice.itemRows().size(), "seconds", round(itemSeconds)));
    result.put("events", slice.eventRows().size());
    result.put("accepted", accepted);
    result.put("duplicates", duplicates);
    result.put("rejectedOrSkipped", other);
    result.put("seconds", round(seconds));
    result.put("eventsPerSecondOverall", Math.round(overall));
    result.put("eventsPerSecondMedianChunk", Math.round(median));
    result.put("cpuMillisPerEvent", cpuMillisPerEvent);

  }

  private static JsonNode post(HttpClient http, URI uri, String header, List<String> rows) throws Exception {
    String body = header + "\n" + String.join("\n", rows) + "\n";
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofMinutes(5))
          .header("Content-Type", "text/csv")
          .header("Authorization", PersonaHttp.OPERATOR_AUTHORIZATION)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return JSON.readTree(response.body());
      }
      if (response.statusCode() != 503 || attempt >= 10) {
        throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
      }
      Thread.sleep(1000L * attempt);
    }
  }

  private static void putPerEvent(Map<String, Double> into, String process, double cpuSeconds, int events) {
    if (Double.isFinite(cpuSeconds)) {
      into.put(process, Math.round(cpuSeconds * 1e3 / events * 1000) / 1000.0);
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
