package io.persona.simulations.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.simulations.BenchmarkMachine;
import io.persona.simulations.PersonaHttp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The first lists a node serves once GET /health/ready answers 200 (bench-warm-up): one client asks
 * the lists of -Dbench.first-requests seeded users (default 200) one after another, then the same
 * users again, when their entities are in memory and the code has run (the warm node). Writes one
 * run's figures to -Dbench.out. With the arguments {@code summary DIR OUT} it gathers the runs in
 * DIR into OUT: per warm-up setting, the median over runs of each figure.
 */
public final class FirstRequests {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private FirstRequests() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("summary")) {
      summarise(Path.of(args[1]), Path.of(args[2]));
      return;
    }
    ServingDataset data = ServingDataset.fromSystemProperties();
    int requests = Integer.getInteger("bench.first-requests", 200);
    PersonaHttp http = new PersonaHttp(URI.create(System.getProperty("bench.url", "http://127.0.0.1:8080")));
    HttpResponse<String> ready = http.get("/health/ready", TIMEOUT);
    double[] cold = pass(http, data, requests);
    double[] warm = pass(http, data, requests);
    ObjectNode run = MAPPER.createObjectNode();
    run.put("warmUpLists", Integer.getInteger("bench.warm-up-lists", -1));
    run.put("startedAt", Instant.now().toString());
    run.put("readySeconds", Double.parseDouble(System.getProperty("bench.ready-seconds", "-1")));
    run.set("readyAnswer", MAPPER.readTree(ready.body()));
    run.set("firstPass", figures(cold));
    run.set("secondPass", figures(warm));
    Path out = Path.of(System.getProperty("bench.out", "target/warm-up/run.json"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    MAPPER.writeValue(out.toFile(), run);
    System.out.println("First pass " + run.get("firstPass") + "; second pass " + run.get("secondPass"));
  }

  /** One list per user, in order; each request's milliseconds (a failed one counts as NaN). */
  private static double[] pass(PersonaHttp http, ServingDataset data, int requests)
      throws IOException, InterruptedException {
    double[] millis = new double[requests];
    for (int i = 0; i < requests; i++) {
      long started = System.nanoTime();
      HttpResponse<String> answer = http.get("/v1/users/" + data.userId(i % data.users())
          + "/recommendations?k=10&device=mobile", TIMEOUT);
      millis[i] = answer.statusCode() == 200 ? (System.nanoTime() - started) / 1e6 : Double.NaN;
    }
    return millis;
  }

  private static ObjectNode figures(double[] millis) {
    double[] ok = Arrays.stream(millis).filter(m -> !Double.isNaN(m)).sorted().toArray();
    ObjectNode node = MAPPER.createObjectNode();
    node.put("requests", millis.length);
    node.put("failed", millis.length - ok.length);
    putMillis(node, "firstMs", millis[0]);
    putMillis(node, "firstTenMeanMs", Arrays.stream(millis, 0, Math.min(10, millis.length))
        .filter(m -> !Double.isNaN(m)).average().orElse(Double.NaN));
    putMillis(node, "p50Ms", quantile(ok, 0.50));
    putMillis(node, "p90Ms", quantile(ok, 0.90));
    putMillis(node, "p99Ms", quantile(ok, 0.99));
    putMillis(node, "maxMs", ok.length == 0 ? Double.NaN : ok[ok.length - 1]);
    putMillis(node, "totalSeconds", Arrays.stream(ok).sum() / 1000);
    return node;
  }

  /** A figure to a tenth; null where there is none (a failed request, no successful one). */
  private static void putMillis(ObjectNode node, String field, double value) {
    if (Double.isNaN(value)) {
      node.putNull(field);
    } else {
      node.put(field, Math.round(value * 10) / 10.0);
    }
  }

  private static double quantile(double[] sorted, double q) {
    return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  /** Per warm-up setting, the runs and the median of each figure over them. */
  private static void summarise(Path dir, Path out) throws IOException {
    Map<Integer, List<JsonNode>> bySetting = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("run-")).sorted().toList()) {
        JsonNode run = MAPPER.readTree(file.toFile());
        bySetting.computeIfAbsent(run.get("warmUpLists").asInt(), k -> new ArrayList<>()).add(run);
      }
    }
    ObjectNode summary = MAPPER.createObjectNode();
    summary.put("benchmark", "simulations/bench-warm-up: the first lists of a node restarted on a seeded keyspace, "
        + "asked one after another from the moment GET /health/ready answers 200, with the serving warm-up off "
        + "(warmUpLists 0) and on; first pass: each user's first list on the node, second pass: the same users "
        + "again (entities in memory, code run)");
    summary.put("measuredAt", Instant.now().toString());
    ObjectNode machine = summary.putObject("machine");
    machine.put("cores", BenchmarkMachine.cores());
    machine.put("cpu", BenchmarkMachine.cpuModel());
    machine.put("note", "the load client, the Persona node and Cassandra on the same machine");
    ObjectNode settings = summary.putObject("bySetting");
    for (Map.Entry<Integer, List<JsonNode>> setting : bySetting.entrySet()) {
      ObjectNode node = settings.putObject("warmUpLists=" + setting.getKey());
      List<JsonNode> runs = setting.getValue();
      node.put("runs", runs.size());
      putMillis(node, "readySecondsMedian", median(runs, "readySeconds", null));
      for (String pass : List.of("firstPass", "secondPass")) {
        ObjectNode medians = node.putObject(pass + "Median");
        runs.get(0).get(pass).fieldNames().forEachRemaining(field ->
            putMillis(medians, field, median(runs, field, pass)));
      }
      ArrayNode all = node.putArray("runsAsMeasured");
      runs.forEach(all::add);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    MAPPER.writeValue(out.toFile(), summary);
    System.out.println("Warm-up figures written to " + out.toAbsolutePath());
  }

  /** The median of the runs that have the figure; NaN (written as null) where none has. */
  private static double median(List<JsonNode> runs, String field, String pass) {
    double[] values = runs.stream().map(run -> (pass == null ? run : run.get(pass)).get(field))
        .filter(value -> value != null && value.isNumber()).mapToDouble(JsonNode::asDouble).sorted().toArray();
    int n = values.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
