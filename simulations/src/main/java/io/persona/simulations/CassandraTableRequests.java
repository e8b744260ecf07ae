package io.persona.simulations;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Cassandra node's own count of requests per table of one keyspace (its coordinator read,
 * range-scan and write counters in {@code system_views}), so that a benchmark can say how many
 * reads and writes each of its operations cost. A write counts once per table it mutates, so an
 * unlogged batch of statements for one table counts as one.
 */
public final class CassandraTableRequests {
  private static final String[][] KINDS = {
      {"read", "coordinator_read_latency"}, {"scan", "coordinator_scan_latency"}, {"write", "coordinator_write_latency"}};

  private final Map<String, Long> counts;

  private CassandraTableRequests(Map<String, Long> counts) {
    this.counts = counts;
  }

  /** The counters now, for the tables of {@code keyspace} ("table kind" → count). */
  public static CassandraTableRequests read(CqlSession session, String keyspace) {
    Map<String, Long> counts = new TreeMap<>();
    for (String[] kind : KINDS) {
      for (Row row : session.execute("SELECT table_name, count FROM system_views." + kind[1]
          + " WHERE keyspace_name = ? ALLOW FILTERING", keyspace)) {
        counts.put(row.getString("table_name") + " " + kind[0], row.getLong("count"));
      }
    }
    return new CassandraTableRequests(counts);
  }

  /**
   * Requests from {@code before} to this reading, per unit of work ({@code units}, e.g. events
   * acknowledged), the tables with none left out; "total" sums them.
   */
  public Map<String, Double> perUnitSince(CassandraTableRequests before, long units) {
    Map<String, Double> per = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      long requests = entry.getValue() - before.counts.getOrDefault(entry.getKey(), 0L);
      if (requests > 0) {
        per.put(entry.getKey(), round(requests / (double) Math.max(1, units)));
        total += requests;
      }
    }
    per.put("total", round(total / (double) Math.max(1, units)));
    return per;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
