package io.persona.simulations.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Persona node as its own JVM, as an operator runs it: {@code io.persona.gateway.Main cluster}
 * from the gateway jar, configured by environment variables only (ports, seeds, Cassandra,
 * keyspace, its own vector index folder). Its console goes to a log file in the work folder.
 */
final class NodeProcess implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

  private final int index;
  private final int httpPort;
  private final String remoteAddress;
  private final Path log;
  private final Process process;

  private NodeProcess(int index, int httpPort, String remoteAddress, Path log, Process process) {
    this.index = index;
    this.httpPort = httpPort;
    this.remoteAddress = remoteAddress;
    this.log = log;
    this.process = process;
  }

  /** Node {@code index} (1, 2, ...) of the benchmark's layout; node 1 is the seed every node joins. */
  static NodeProcess start(int index, ScaleOptions options, String contactPoint, String keyspace, Path work)
      throws IOException {
    int remotePort = options.remotePortBase() + index;
    int httpPort = options.httpPortBase() + index;
    int managementPort = options.managementPortBase() + index;
    // a node left over from an interrupted run would answer in this one's place
    for (int port : List.of(remotePort, httpPort, managementPort)) {
      if (inUse(port)) {
        throw new IllegalStateException("port " + port + " of node " + index + " is in use: stop what listens there, "
            + "or move the benchmark's ports (-Dbench.remote-port-base, -Dbench.http-port-base, -Dbench.management-port-base)");
      }
    }
    Path log = work.resolve("node-" + index + ".log");
    Path indexDir = work.resolve("index-node-" + index);
    deleteRecursively(indexDir);
    Path djlCache = Paths.get(System.getenv().getOrDefault("DJL_CACHE_DIR", Paths.get(".djl").toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + options.nodeHeap(),
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        "-cp", "gateway/target/persona-gateway.jar" + java.io.File.pathSeparator + "gateway/target/lib/*",
        "io.persona.gateway.Main", "cluster"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // inherited: anything else the caller exported (PERSONA_RECOMMEND_MODEL_FILE, PERSONA_METRICS_ENABLED, ...)
    Map<String, String> env = builder.environment();
    env.put("PERSONA_REMOTE_PORT", Integer.toString(remotePort));
    env.put("PERSONA_HTTP_PORT", Integer.toString(httpPort));
    env.put("PERSONA_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("PERSONA_SEED_NODES", "pekko://persona@127.0.0.1:" + (options.remotePortBase() + 1));
    env.put("PERSONA_CASSANDRA_CONTACT_POINTS", contactPoint);
    env.put("PERSONA_CASSANDRA_LOCAL", "false");
    env.put("PERSONA_CASSANDRA_KEYSPACE", keyspace);
    env.put("PERSONA_LEARNING_ENABLED", "false");
    env.put("PERSONA_RETRIEVAL_INDEX_DIR", indexDir.toString());
    env.put("PERSONA_OPERATOR_KEY", options.operatorKey());
    env.put("DJL_OFFLINE", "true");
    env.put("DJL_CACHE_DIR", djlCache.toString());
    env.put("ENGINE_CACHE_DIR", djlCache.toString());
    env.put("MALLOC_ARENA_MAX", "2");
    return new NodeProcess(index, httpPort, "pekko://persona@127.0.0.1:" + remotePort, log, builder.start());
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + httpPort + "/");
  }

  /** The node's cluster address, as GET /v1/admin/cluster names its members. */
  String remoteAddress() {
    return remoteAddress;
  }

  int index() {
    return index;
  }

  /** Waits until /health/ready answers 200; fails with the end of the node's log if it exits first. */
  void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + index + " exited with code " + process.exitValue()
            + " before it was ready; the end of " + log + ":\n" + tail());
      }
      try {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(base().resolve("/health/ready"))
            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the HTTP port opens late in the start
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("node " + index + " was not ready after " + timeout.toSeconds() + " s; see " + log);
  }

  /**
   * SIGTERM, as an operator stops a node: it leaves the cluster (its shards move to the other
   * nodes) and the JVM exits. Killed if it has not exited after {@link #STOP_TIMEOUT}.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        System.err.println("node " + index + " did not exit " + STOP_TIMEOUT.toSeconds() + " s after SIGTERM: killing it");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static boolean inUse(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
