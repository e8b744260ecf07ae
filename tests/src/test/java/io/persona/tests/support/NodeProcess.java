package io.persona.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Persona node as a JVM of its own ({@code io.persona.gateway.Main cluster}), run from the
 * packaged gateway (gateway/target/persona-gateway.jar + lib/), so it can be killed with SIGKILL,
 * asked to stop with SIGTERM, or left to exit by itself. Its output goes to
 * tests/target/nodes/&lt;name&gt;.log, whose tail every failure message carries.
 *
 * <p>No node outlives the test JVM: every started process is killed by {@link #killAll()} (call it
 * in an AfterAll) and by a shutdown hook; a process left by a test JVM that was itself killed is
 * found through its pid file and killed when a node of the same name starts again.
 */
public final class NodeProcess implements AutoCloseable {
  private static final int TAIL_LINES = 80;
  private static final String MAIN = "io.persona.gateway.Main";
  private static final Set<NodeProcess> started = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(NodeProcess::killAll, "node-processes-kill"));
  }

  private final NodeLaunch launch;
  private final Process process;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private NodeProcess(NodeLaunch launch, Process process, Path log) {
    this.launch = launch;
    this.process = process;
    this.log = log;
  }

  public static NodeProcess start(NodeLaunch launch) {
    Path root = ProjectRoot.get();
    Path jar = root.resolve("gateway/target/persona-gateway.jar");
    Path lib = root.resolve("gateway/target/lib");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
      throw new AssertionError("The packaged gateway is missing (" + jar + ", " + lib + "): run "
          + "`./mvnw -B verify -pl tests -am`, whose package phase builds it before the tests run");
    }
    Path nodes = ProjectRoot.testTarget("nodes");
    killLeftover(nodes.resolve(launch.name() + ".pid"));
    Path log = nodes.resolve(launch.name() + ".log");
    Path index = nodes.resolve(launch.name() + "-index");
    deleteRecursively(index); // a clean node: no items from an earlier run's keyspace

    List<String> command = List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC",
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        "-cp", jar + ":" + lib.resolve("*"),
        MAIN, "cluster");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    // Only what the test sets reaches the node: a PERSONA_ variable from the developer's shell
    // would silently change what is tested. DJL_* and ENGINE_CACHE_DIR come from surefire.
    env.keySet().removeIf(key -> key.startsWith("PERSONA_"));
    env.put("MALLOC_ARENA_MAX", "2");
    env.put("PERSONA_RETRIEVAL_INDEX_DIR", index.toString());
    env.putAll(launch.processEnv());
    Process process;
    try {
      process = builder.start();
      Files.writeString(nodes.resolve(launch.name() + ".pid"), Long.toString(process.pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start node " + launch.name(), e);
    }
    NodeProcess node = new NodeProcess(launch, process, log);
    started.add(node);
    return node;
  }

  /** Waits until GET /health/ready answers 200: Cassandra answers and this node is an Up member. */
  public NodeProcess awaitReady(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("Node " + name() + " exited with code " + process.exitValue()
            + " before it was ready.\n" + logTail());
      }
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return this;
        }
        last = ready.statusCode() + " " + ready.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      Sleep.millis(500);
    }
    throw new AssertionError("Node " + name() + " was not ready within " + within + " (last: " + last + ")\n"
        + logTail());
  }

  /** SIGKILL: on Linux {@link Process#destroyForcibly()} is kill -9 (the exit code is then 137). */
  public void kill() {
    process.destroyForcibly();
  }

  /** SIGTERM: the JVM runs its shutdown hooks (coordinated shutdown: the node leaves first). */
  public void terminate() {
    process.destroy();
  }

  /** The exit code once the process has exited; 128 + n means it was ended by signal n. */
  public int awaitExit(Duration within) {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("Node " + name() + " (pid " + process.pid() + ") still runs after " + within
            + ".\n" + logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String name() {
    return launch.name();
  }

  /** The node's Pekko address, e.g. pekko://persona@127.0.0.1:25521. */
  public String address() {
    return launch.address();
  }

  public int httpPort() {
    return launch.httpPort();
  }

  public int managementPort() {
    return launch.managementPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort();
  }

  public Path log() {
    return log;
  }

  /** The last lines of the node's output, headed by its name, to put in a failure message. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "---- last " + TAIL_LINES + " lines of " + log + " ----\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log " + log + ": " + e + ")";
    }
  }

  /** Kills the process if it still runs (SIGKILL: nothing of a failed test may linger). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    started.remove(this);
  }

  /** Kills every node process this JVM started that still runs. */
  public static void killAll() {
    List<NodeProcess> all = new ArrayList<>(started);
    all.forEach(node -> node.process.destroyForcibly());
    all.forEach(NodeProcess::close);
  }

  @Override
  public String toString() {
    return name() + " (" + address() + ", http " + httpPort() + ", pid " + process.pid() + ")";
  }

  /** A node JVM that a killed test JVM left running still holds its ports: end it. */
  private static void killLeftover(Path pidFile) {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle.of(pid)
          .filter(p -> p.info().commandLine().map(line -> line.contains(MAIN)).orElse(false))
          .ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
          });
      Files.delete(pidFile);
    } catch (IOException | NumberFormatException e) {
      // no readable pid: nothing to end
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear " + dir, e);
    }
  }
}
