package io.persona.simulations.soak;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.persona.simulations.PersonaHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the soak samples outside its own JVM each minute: work waiting in Cassandra (its thread
 * pools' pending tasks, from the {@code system_views.thread_pools} virtual table) and in the node
 * (prediction-log slates offered but not yet written, the live user entities, as an operator reads
 * them from {@code /v1/admin}), and the keyspace's size on disk per table. A probe that fails
 * records -1 for that minute: an hour's samples are worth more than one reading.
 */
final class SoakProbes implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CqlSession cassandra;
  private final PersonaHttp node;
  private final Path keyspaceDir;

  SoakProbes(CqlSession cassandra, PersonaHttp node, Path keyspaceDir) {
    this.cassandra = cassandra;
    this.node = node;
    this.keyspaceDir = keyspaceDir;
  }

  void sampleInto(Map<String, Object> sample) {
    Map<String, Long> pools = cassandraPending();
    sample.put("cassandraPendingTasks", pools.values().stream().mapToLong(Long::longValue).sum());
    pools.values().removeIf(pending -> pending == 0);
    sample.put("cassandraPendingByPool", pools);
    JsonNode serving = adminJson("/v1/admin/serving");
    JsonNode log = serving.path("predictionLog");
    sample.put("predictionLogPending", log.isMissingNode() ? -1 : log.path("offered").asLong()
        - log.path("written").asLong() - log.path("dropped").asLong() - log.path("failed").asLong());
    sample.put("liveSockets", serving.path("live").path("sockets").asLong(-1));
    sample.put("liveEntities", adminJson("/v1/admin/cluster").path("entities").asLong(-1));
    Map<String, Double> tables = tableSizesMb();
    sample.put("keyspaceMb", tables.values().stream().mapToDouble(Double::doubleValue).sum());
    sample.put("tableMb", tables);
  }

  private Map<String, Long> cassandraPending() {
    Map<String, Long> pending = new TreeMap<>();
    try {
      for (Row row : cassandra.execute("SELECT name, pending_tasks FROM system_views.thread_pools")) {
        // an int in Cassandra 5's table, read as whatever number it is
        Object tasks = row.getObject("pending_tasks");
        pending.put(row.getString("name"), tasks instanceof Number n ? n.longValue() : -1L);
      }
    } catch (RuntimeException e) {
      pending.put("unreadable", -1L);
    }
    return pending;
  }

  private JsonNode adminJson(String path) {
    try {
      var reply = node.get(path, Duration.ofSeconds(10));
      return reply.statusCode() == 200 ? JSON.readTree(reply.body()) : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JSON.createObjectNode();
    }
  }

  /** Each table's folder ({@code <table>-<id>}), its files summed; a file compacted away while walking counts 0. */
  private Map<String, Double> tableSizesMb() {
    Map<String, Double> sizes = new TreeMap<>();
    if (!Files.isDirectory(keyspaceDir)) {
      return sizes;
    }
    try (Stream<Path> tables = Files.list(keyspaceDir)) {
      tables.filter(Files::isDirectory).forEach(table -> {
        String name = table.getFileName().toString().replaceFirst("-[0-9a-f]{32}$", "");
        sizes.merge(name, directorySize(table) / 1_048_576.0, Double::sum);
      });
    } catch (IOException | UncheckedIOException e) {
      sizes.put("unreadable", -1.0);
    }
    return sizes;
  }

  private static long directorySize(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    cassandra.close();
  }
}
