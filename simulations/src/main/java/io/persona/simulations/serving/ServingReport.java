package io.persona.simulations.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.simulations.BenchmarkMachine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Gathers what one bench-serving run produced (the seeder's summary, the figures the two Gatling
 * simulations wrote, the paths of their HTML reports) into simulations/results/serving.json, with
 * the machine it ran on, and prints the headline figures.
 *
 * <p>Inputs as system properties: bench.seed-out, bench.recommend-out, bench.freshness-out,
 * bench.freshness-ws-out, bench.freshness-load-out (each optional: a part that did not run is left
 * out), bench.recommend-report and bench.freshness-report, bench.freshness-ws-report,
 * bench.freshness-load-report (Gatling report folders), bench.node (how the node was run),
 * bench.quiet and bench.quiet-before-load (how busy the machine was when the recommend simulation
 * and the freshness run beside requests began), bench.results and bench.name (where to write).
 */
public final class ServingReport {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ServingReport() {}

  public static void main(String[] args) throws IOException {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("benchmark", "serving");
    json.put("measuredAt", Instant.now().toString());
    ObjectNode machine = json.putObject("machine");
    machine.put("cores", BenchmarkMachine.cores());
    machine.put("cpu", BenchmarkMachine.cpuModel());
    machine.put("java", System.getProperty("java.version"));
    machine.put("note", "Cassandra, Persona and the Gatling load generator share the machine");
    json.put("baseUrl", System.getProperty("bench.url", "http://127.0.0.1:8080"));
    json.put("node", System.getProperty("bench.node", "unknown"));
    json.put("machineBeforeMeasuring", System.getProperty("bench.quiet", "not waited for"));
    json.put("machineBeforeFreshnessUnderLoad", System.getProperty("bench.quiet-before-load", "not waited for"));
    add(json, "dataset", "bench.seed-out", null);
    add(json, "recommend", "bench.recommend-out", "bench.recommend-report");
    addCpuPerRequest(json.path("recommend"));
    addRetrievalCache(json.path("recommend"));
    addStages(json.path("recommend"));
    addProfileReads(json.path("recommend"));
    add(json, "freshness", "bench.freshness-out", "bench.freshness-report");
    add(json, "freshnessOverSocket", "bench.freshness-ws-out", "bench.freshness-ws-report");
    add(json, "freshnessUnderLoad", "bench.freshness-load-out", "bench.freshness-load-report");

    Path out = Paths.get(System.getProperty("bench.results", "simulations/results"))
        .resolve(System.getProperty("bench.name", "serving") + ".json");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, MAPPER.writeValueAsString(json) + "\n");
    print(json);
    System.out.println("Wrote " + out.toAbsolutePath());
  }

  /**
   * CPU milliseconds per recommendation of the node's and of Cassandra's JVM over the recommend
   * simulation (its warm-up included, so over every request it sent): what a list costs, which the
   * latency of an open workload on a shared machine shows only through queueing.
   */
  private static void addCpuPerRequest(JsonNode recommend) {
    if (!(recommend instanceof ObjectNode object)) {
      return;
    }
    long requests = recommend.path("measured").path("requests").asLong() + recommend.path("warmUp").path("requests").asLong();
    ObjectNode cpu = MAPPER.createObjectNode();
    cpu.put("requests", requests);
    cpu.put("measures", "CPU (user + system) of each JVM from the simulation's start to its end, per request sent");
    for (String jvm : new String[] {"node", "cassandra"}) {
      String seconds = System.getProperty("bench.recommend-" + jvm + "-cpu-seconds");
      if (seconds != null && requests > 0) {
        cpu.put(jvm + "CpuSeconds", Double.parseDouble(seconds));
        cpu.put(jvm + "CpuMsPerRequest", Math.round(Double.parseDouble(seconds) * 1e5 / requests) / 100.0);
      }
    }
    String idleCores = System.getProperty("bench.recommend-node-idle-cores");
    String window = System.getProperty("bench.recommend-window-seconds");
    if (cpu.has("nodeCpuSeconds") && idleCores != null && window != null) {
      // the node's background work at its idle rate just before, taken out: what the lists cost
      double background = Double.parseDouble(idleCores) * Double.parseDouble(window);
      cpu.put("nodeIdleCores", Double.parseDouble(idleCores));
      cpu.put("windowSeconds", Double.parseDouble(window));
      cpu.put("nodeCpuMsPerRequestAboveIdle",
          Math.round((cpu.path("nodeCpuSeconds").asDouble() - background) * 1e5 / requests) / 100.0);
    }
    if (cpu.has("nodeCpuSeconds") || cpu.has("cassandraCpuSeconds")) {
      object.set("cpu", cpu);
    }
  }

  /** How many of the recommend simulation's lists the node's retrieval cache answered. */
  private static void addRetrievalCache(JsonNode recommend) {
    if (!(recommend instanceof ObjectNode object)) {
      return;
    }
    long hits = Long.getLong("bench.recommend-cache-hits", 0);
    long misses = Long.getLong("bench.recommend-cache-misses", 0);
    if (hits + misses > 0) {
      ObjectNode cache = object.putObject("retrievalCache");
      cache.put("measures", "the node's persona_recommend_retrieval_cache_total over the recommend simulation "
          + "(warm-up included): lists ranked from the candidates kept since the user's last list (hits), or "
          + "retrieved from every source (misses)");
      cache.put("hits", hits);
      cache.put("misses", misses);
      cache.put("hitShare", Math.round(1000.0 * hits / (hits + misses)) / 1000.0);
    }
  }

  /**
   * Where the recommend simulation's profiles came from: the node's view of its own entities
   * (local) or an ask of the user's entity (asked: a user whose entity was not running, a cold user's
   * first list). Left out when the node counted none (not scraped, or a node before the counter).
   */
  private static void addProfileReads(JsonNode recommend) {
    long local = Long.getLong("bench.recommend-profiles-local", 0);
    long asked = Long.getLong("bench.recommend-profiles-asked", 0);
    if (recommend instanceof ObjectNode object && local + asked > 0) {
      ObjectNode reads = object.putObject("profileReads");
      reads.put("measures", "the node's persona_users_profile_reads_total over the recommend simulation (warm-up "
          + "included): profiles read from the node's view of its own entities (local) or asked of the user's entity");
      reads.put("local", local);
      reads.put("asked", asked);
      reads.put("localShare", Math.round(1000.0 * local / (local + asked)) / 1000.0);
    }
  }

  /**
   * The mean time of each recommend stage over the recommend simulation (warm-up included), from the
   * node's persona_recommend_stage_seconds sums and counts before and after it: where a list's time
   * goes, less blurred by the machine's other work than the CPU per list (a stage waiting for a core
   * still counts).
   */
  private static void addStages(JsonNode recommend) {
    Map<String, double[]> before = stageSums(System.getProperty("bench.recommend-stages-before", ""));
    Map<String, double[]> after = stageSums(System.getProperty("bench.recommend-stages-after", ""));
    // both scrapes or none: a missing "before" would count the node's whole life as the simulation
    if (!(recommend instanceof ObjectNode object) || before.isEmpty() || after.isEmpty()) {
      return;
    }
    ObjectNode stages = object.putObject("stages");
    stages.put("measures", "mean milliseconds (to the microsecond) per recorded stage over the recommend simulation (warm-up included), "
        + "from the node's persona_recommend_stage_seconds sum and count");
    for (String stage : List.of("profile", "queue", "retrieval", "features", "ranking", "slate")) {
      double[] end = after.get(stage);
      if (end == null) {
        continue;
      }
      double[] start = before.getOrDefault(stage, new double[2]); // a stage first recorded during it
      double count = end[1] - start[1];
      if (count > 0) {
        ObjectNode one = stages.putObject(stage);
        one.put("meanMs", Math.round((end[0] - start[0]) * 1e6 / count) / 1000.0);
        one.put("count", (long) count);
      }
    }
  }

  /** "stage:seconds:count,..." as the script writes it, to stage → {seconds, count}. */
  static Map<String, double[]> stageSums(String text) {
    Map<String, double[]> sums = new java.util.TreeMap<>();
    for (String part : text.split(",")) {
      String[] fields = part.trim().split(":");
      if (fields.length == 3) {
        sums.put(fields[0], new double[] {Double.parseDouble(fields[1]), Double.parseDouble(fields[2])});
      }
    }
    return sums;
  }

  /** Copies the JSON file named by {@code fileProperty} under {@code key}, with its report folder. */
  private static void add(ObjectNode json, String key, String fileProperty, String reportProperty) throws IOException {
    String file = System.getProperty(fileProperty);
    if (file == null || !Files.isRegularFile(Paths.get(file))) {
      return;
    }
    JsonNode part = MAPPER.readTree(Paths.get(file).toFile());
    if (part instanceof ObjectNode object && reportProperty != null && System.getProperty(reportProperty) != null) {
      object.put("gatlingReport", System.getProperty(reportProperty) + "/index.html");
    }
    json.set(key, part);
  }

  private static void print(JsonNode json) {
    System.out.printf("%nServing benchmark on %s (%d cores, %s)%n", json.path("baseUrl").asText(),
        json.path("machine").path("cores").asInt(), json.path("machine").path("cpu").asText());
    JsonNode dataset = json.path("dataset");
    if (!dataset.isMissingNode()) {
      System.out.printf("  dataset:         %,d items, %,d users x %d events%n", dataset.path("items").asLong(),
          dataset.path("users").asLong(), dataset.path("eventsPerUser").asInt());
    }
    JsonNode recommend = json.path("recommend");
    if (!recommend.isMissingNode()) {
      JsonNode measured = recommend.path("measured");
      JsonNode latency = measured.path("latencyMs");
      System.out.printf("  recommendations: %s req/s offered, %s OK/s, OK %d, KO %d; latency ms p50 %s, p99 %s,"
              + " mean %s, max %s%n", recommend.path("options").path("rate").asText(),
          measured.path("okPerSecond").asText(), measured.path("ok").asLong(), measured.path("ko").asLong(),
          latency.path("p50").asText("-"), latency.path("p99").asText("-"), latency.path("mean").asText("-"),
          latency.path("max").asText("-"));
      JsonNode cold = recommend.path("coldUsers").path("latencyMs");
      System.out.printf("    cold users:    p50 %s, p99 %s ms%n", cold.path("p50").asText("-"),
          cold.path("p99").asText("-"));
      JsonNode cpu = recommend.path("cpu");
      if (!cpu.isMissingNode()) {
        System.out.printf("    CPU per list:  node %s ms (%s ms above its idle %s cores), Cassandra %s ms (over %d"
                + " requests, warm-up included)%n", cpu.path("nodeCpuMsPerRequest").asText("-"),
            cpu.path("nodeCpuMsPerRequestAboveIdle").asText("-"), cpu.path("nodeIdleCores").asText("-"),
            cpu.path("cassandraCpuMsPerRequest").asText("-"), cpu.path("requests").asLong());
      }
    }
    printFreshness("freshness (HTTP)", json.path("freshness"));
    printFreshness("freshness (WS)", json.path("freshnessOverSocket"));
    printFreshness("freshness (HTTP, beside requests)", json.path("freshnessUnderLoad"));
  }

  private static void printFreshness(String title, JsonNode freshness) {
    if (freshness.isMissingNode()) {
      return;
    }
    JsonNode latency = freshness.path("latencyMs");
    System.out.printf("  %-16s %d of %d events pushed, %d timeouts; event -> push ms p50 %s, p99 %s, max %s%n",
        title + ":", freshness.path("pushes").asLong(), freshness.path("events").asLong(),
        freshness.path("timeouts").asLong(), latency.path("p50").asText("-"), latency.path("p99").asText("-"),
        latency.path("max").asText("-"));
  }
}
