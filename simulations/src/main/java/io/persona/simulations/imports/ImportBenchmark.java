package io.persona.simulations.imports;

import io.persona.simulations.PersonaHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.node.NodeConfig;
import io.persona.gateway.node.PersonaNode;
import io.persona.simulations.BenchmarkMachine;

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
 * {@code bench.parallel} (4) chunks in flight, after its items were imported; the node runs
 * in-process (bench profile, learning on as by default) over the local Cassandra node, in a fresh
 * keyspace, so every event is new. Prints the overall rate and the median chunk rate (a chunk's
 * events over the time since the chunk before it completed) and writes
 * simulations/results/import.json.
 */
public final class ImportBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

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

    RetailSlice slice = RetailSlice.read(data, rows);
    System.out.printf("Read %,d events and %,d items from %s%n", slice.eventRows().size(), slice.itemRows().size(), data);
    // derived again: the journal's keyspace follows persona.cassandra.keyspace
    Config config = NodeConfig.derived(ConfigFactory.parseString("persona.cassandra.keyspace = \"" + keyspace + "\"")
        .withFallback(NodeConfig.load("bench")));

    Map<String, Object> result = new LinkedHashMap<>();
    try (PersonaNode node = PersonaNode.start(config)) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      URI items = URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/import/items");
      URI events = URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/import/events");
      long itemsStart = System.nanoTime();
      for (int from = 0; from < slice.itemRows().size(); from += chunk) {
        post(http, items, RetailSlice.ITEM_HEADER, slice.itemRows().subList(from, Math.min(slice.itemRows().size(), from + chunk)));
      }
      double itemSeconds = (System.nanoTime() - itemsStart) / 1e9;
      System.out.printf("Imported %,d items in %.1f s%n", slice.itemRows().size(), itemSeconds);

      ExecutorService senders = Executors.newFixedThreadPool(parallel);
      List<Long> completions = Collections.synchronizedList(new ArrayList<>());
      List<Future<JsonNode>> answers = new ArrayList<>();
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

      result.put("benchmark", "import");
      result.put("measuredAt", Instant.now().toString());
      result.put("machine", Map.of("cores", BenchmarkMachine.cores(), "cpu", BenchmarkMachine.cpuModel(),
          "java", System.getProperty("java.version"),
          "note", "Cassandra, the Persona node (in-process) and the loader share the machine"));
      result.put("data", data.getFileName() + ": first " + rows + " rows, each a purchase (value = quantity), "
          + "event ids derived; items' category = the country of their first row");
      result.put("options", Map.of("rows", rows, "chunk", chunk, "parallel", parallel, "keyspace", keyspace,
          "learning", config.getBoolean("persona.learning.enabled")));
      result.put("items", Map.of("count", slice.itemRows().size(), "seconds", round(itemSeconds)));
      result.put("events", slice.eventRows().size());
      result.put("accepted", accepted);
      result.put("duplicates", duplicates);
      result.put("rejectedOrSkipped", other);
      result.put("seconds", round(seconds));
      result.put("eventsPerSecondOverall", Math.round(overall));
      result.put("eventsPerSecondMedianChunk", Math.round(median));
      result.put("goalEventsPerSecond", 20_000);
    }
    Path out = Paths.get(System.getProperty("bench.results", "simulations/results")).resolve("import.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    System.out.println("Results: " + out);
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

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
