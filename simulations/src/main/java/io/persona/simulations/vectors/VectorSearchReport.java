package io.persona.simulations.vectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.persona.models.retrieval.ItemVectorIndex;
import io.persona.models.retrieval.ScoredItem;
import io.persona.simulations.BenchmarkMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Exact scan against HNSW for the sizes given ({@code -Dbench.items=20000,100000}): each search's
 * latency under JMH (one thread, median and p99 of sampled calls) and the graph's recall@100
 * against exact search on the same vectors. Writes {@code simulations/results/vector-search.json}.
 */
public final class VectorSearchReport {
  private static final int RECALL_AT = 100;
  private static final int RECALL_QUERIES = 256;

  private VectorSearchReport() {}

  public static void main(String[] args) throws Exception {
    String[] sizes = System.getProperty("bench.items", "20000,100000").split(",");
    int dimension = Integer.getInteger("bench.dimension", 16);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String size : sizes) {
      int items = Integer.parseInt(size.trim());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("items", items);
      row.put("dimension", dimension);
      row.put("fetch", VectorSearchBenchmark.FETCH);
      row.put("hnswRecallAt100", recall(items, dimension));
      for (RunResult result : latency(items, dimension)) {
        String method = result.getParams().getParam("method");
        var stats = result.getPrimaryResult().getStatistics();
        row.put(method + "P50Ms", round(stats.getPercentile(50)));
        row.put(method + "P99Ms", round(stats.getPercentile(99)));
      }
      System.out.printf("%,d items x %d: exact p50 %.3f ms / p99 %.3f ms, HNSW p50 %.3f ms / p99 %.3f ms, "
              + "HNSW recall@%d %.4f%n", items, dimension, row.get("exactP50Ms"), row.get("exactP99Ms"),
          row.get("hnswP50Ms"), row.get("hnswP99Ms"), RECALL_AT, row.get("hnswRecallAt100"));
      rows.add(row);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "vector-search");
    json.put("measuredAt", Instant.now().toString());
    json.put("machine", Map.of("cores", BenchmarkMachine.cores(), "cpu", BenchmarkMachine.cpuModel()));
    json.put("note", "one search as retrieval asks it: the " + VectorSearchBenchmark.FETCH + " nearest by inner "
        + "product, 50 seen items turned away; clustered vectors (200 centroids, lengths 0.5-2); one JMH thread");
    json.put("sizes", rows);
    Path out = Path.of(System.getProperty("bench.out", "simulations/results/vector-search.json"));
    Files.createDirectories(out.getParent());
    Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    System.out.println("Wrote " + out);
  }

  /** The share of exact search's 100 best that the graph's answer holds, over the benchmark's queries. */
  private static double recall(int items, int dimension) throws Exception {
    Path directory = Files.createTempDirectory("persona-vector-recall");
    ClusteredVectors catalog = new ClusteredVectors(items, dimension, 42);
    try (ItemVectorIndex exact = catalog.index(directory.resolve("exact"), Integer.MAX_VALUE);
         ItemVectorIndex graph = catalog.index(directory.resolve("hnsw"), 0)) {
      long found = 0;
      for (float[] query : catalog.queries(RECALL_QUERIES)) {
        Set<String> truth = ids(exact.nearest(query, RECALL_AT, id -> true));
        // as retrieval asks: k + k/4 from the graph, the best 100 of those kept
        List<ScoredItem> approximate = graph.nearest(query, VectorSearchBenchmark.FETCH, id -> true);
        Set<String> answer = ids(approximate.subList(0, Math.min(RECALL_AT, approximate.size())));
        answer.retainAll(truth);
        found += answer.size();
      }
      return (double) found / ((long) RECALL_AT * RECALL_QUERIES);
    } finally {
      ClusteredVectors.delete(directory);
    }
  }

  private static Set<String> ids(List<ScoredItem> items) {
    Set<String> ids = new HashSet<>();
    items.forEach(item -> ids.add(item.itemId()));
    return ids;
  }

  private static java.util.Collection<RunResult> latency(int items, int dimension) throws Exception {
    return new Runner(new OptionsBuilder()
        .include(VectorSearchBenchmark.class.getName())
        .param("items", String.valueOf(items))
        .param("dimension", String.valueOf(dimension))
        .mode(Mode.SampleTime)
        .timeUnit(TimeUnit.MILLISECONDS)
        .threads(1)
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(2))
        .jvmArgsAppend("-Xmx1g")
        .build()).run();
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
