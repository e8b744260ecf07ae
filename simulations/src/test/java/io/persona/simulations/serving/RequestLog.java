package io.persona.simulations.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every measured request of a simulation, kept whole so that percentiles are exact (the HTML
 * report of Gatling 3.15 estimates them, and no longer writes a stats.json to read them from).
 * Latency is Gatling's response time, saved by a {@code responseTimeInMillis()} check.
 */
final class RequestLog {
  private final List<Long> okLatencies = new ArrayList<>();
  private final Map<String, Long> labels = new TreeMap<>();
  private long requests;
  private long ko;
  private long firstStart = Long.MAX_VALUE;
  private long lastEnd = Long.MIN_VALUE;

  /**
   * @param latencyMs Gatling's response time, or -1 when there was no response
   * @param label     something to count the OK answers by (e.g. the model kind), or null
   */
  synchronized void record(boolean ok, long latencyMs, long startMillis, long endMillis, String label) {
    requests++;
    firstStart = Math.min(firstStart, startMillis);
    lastEnd = Math.max(lastEnd, endMillis);
    if (ok && latencyMs >= 0) {
      okLatencies.add(latencyMs);
      if (label != null) {
        labels.merge(label, 1L, Long::sum);
      }
    } else {
      ko++;
    }
  }

  synchronized Map<String, Object> figures() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("requests", requests);
    figures.put("ok", requests - ko);
    figures.put("ko", ko);
    double seconds = requests == 0 ? 0 : Math.max(1, lastEnd - firstStart) / 1000.0;
    figures.put("windowSeconds", Math.round(seconds * 10) / 10.0);
    figures.put("okPerSecond", seconds == 0 ? 0 : Math.round((requests - ko) / seconds * 10) / 10.0);
    figures.put("latencyMs", latency(okLatencies));
    return figures;
  }

  synchronized Map<String, Long> labels() {
    return new TreeMap<>(labels);
  }

  /** min, p50, p75, p95, p99, max and mean of {@code samples} (nearest rank); empty when there are none. */
  static Map<String, Object> latency(List<Long> samples) {
    List<Long> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    Map<String, Object> latency = new LinkedHashMap<>();
    if (sorted.isEmpty()) {
      return latency;
    }
    latency.put("min", sorted.get(0));
    latency.put("p50", percentile(sorted, 50));
    latency.put("p75", percentile(sorted, 75));
    latency.put("p90", percentile(sorted, 90));
    latency.put("p95", percentile(sorted, 95));
    latency.put("p99", percentile(sorted, 99));
    latency.put("max", sorted.get(sorted.size() - 1));
    latency.put("mean", Math.round(sorted.stream().mapToLong(Long::longValue).average().orElse(0) * 10) / 10.0);
    return latency;
  }

  /** Nearest rank: the smallest sample with at least p% of the samples at or below it. */
  static long percentile(List<Long> sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.min(sorted.size(), Math.max(1, rank)) - 1);
  }

  /** Writes {@code json} indented to {@code out}, creating its folder. */
  static void writeJson(Path out, Object json) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
  }
}
