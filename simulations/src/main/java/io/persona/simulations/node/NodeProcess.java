package io.persona.simulations.node;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Persona node as a JVM of its own, started as an operator starts one:
 * {@code io.persona.gateway.Main cluster} from the packaged gateway (gateway/target/persona-gateway.jar
 * + lib/), configured by environment variables only. It can be killed (SIGKILL, for fault tests),
 * stopped as an operator stops it (SIGTERM: it leaves the cluster first), or left to exit by itself.
 * Its console goes to {@code <folder>/<name>.log}, whose tail every failure message carries.
 *
 * <p>Only the PERSONA_ settings of the {@link NodeLaunch} reach the node: one exported in the
 * caller's shell would silently change what is tested or measured, so a caller that wants them
 * passes them on itself.
 *
 * <p>No node outlives the JVM that started it: a shutdown hook kills every node still running,
 * and a node left by a JVM that was itself killed is found through its pid file and killed when a
 * node of the same name starts again.
 */
public final class NodeProcess implements AutoCloseable {
  private static final String MAIN = "io.persona.gateway.Main";
  private static final int TAIL_LINES = 80;
  private static final Set<NodeProcess> running = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(NodeProcess::killAll, "node-processes-kill"));
  }

  private final NodeLaunch launch;
  private final Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private NodeProcess(NodeLaunch launch, Process process) {
    this.launch = launch;
    this.process = process;
  }

  public static NodeProcess start(NodeLaunch launch) {
    return start(launch, null);
  }

  /** As {@link #start(NodeLaunch)}, the JVM inside {@code quota}'s CPU group from its start (null: none). */
  public static NodeProcess start(NodeLaunch launch, CpuQuota quota) {
    Path root = ProjectRoot.get();
    Path jar = root.resolve("gateway/target/persona-gateway.jar");
    Path lib = root.resolve("gateway/target/lib");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
      throw new IllegalStateException("The packaged gateway is missing (" + jar + ", " + lib + "): build it with "
          + "`./mvnw -B package -pl gateway -am -DskipTests` (`./mvnw verify` and bench-scale's build do)");
    }
    Path folder = launch.folder();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + folder, e);
    }
    Path pidFile = launch.pidFile();
    killLeftover(pidFile);
    // a node still listening there would answer in this one's place
    for (int port : launch.ports()) {
      if (inUse(port)) {
        throw new IllegalStateException("Port " + port + " of node " + launch.name() + " is in use: stop what "
            + "listens there, or start the node on other ports");
      }
    }
    deleteRecursively(launch.indexFolder()); // a clean node: no items from an earlier run's keyspace

    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launch.jvmOptions());
    command.addAll(List.of(
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
        "-cp", jar + File.pathSeparator + lib.resolve("*"),
        MAIN, "cluster"));
    ProcessBuilder builder = new ProcessBuilder(quota == null ? command : quota.wrap(command))
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(launch.log().toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("PERSONA_"));
    env.put("MALLOC_ARENA_MAX", "2");
    // DJL offline, its natives unpacked under the project unless the caller names another cache
    String djlCache = System.getenv().getOrDefault("DJL_CACHE_DIR", root.resolve(".djl").toString());
    env.put("DJL_OFFLINE", "true");
    env.put("DJL_CACHE_DIR", djlCache);
    env.put("ENGINE_CACHE_DIR", djlCache);
    env.putAll(launch.processEnv());
    Process process;
    try {
      process = builder.start();
      Files.writeString(pidFile, Long.toString(process.pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start node " + launch.name(), e);
    }
    NodeProcess node = new NodeProcess(launch, process);
    running.add(node);
    return node;
  }

  /**
   * Waits until GET /health/ready answers 200: Cassandra answers, this node is an Up member and its
   * serving warm-up ended.
   */
  public NodeProcess awaitReady(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Node " + name() + " exited with code " + process.exitValue()
            + " before it was ready.\n" + logTail());
      }
      try {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base().resolve("/health/ready"))
            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return this;
        }
        last = ready.statusCode() + " " + ready.body();
      } catch (IOException notListeningYet) {
        last = notListeningYet.toString(); // the HTTP port opens late in the start
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
      pause(Duration.ofMillis(500));
    }
    throw new IllegalStateException("Node " + name() + " was not ready within " + within + " (last: " + last
        + ")\n" + logTail());
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
        throw new IllegalStateException("Node " + name() + " (pid " + process.pid() + ") still runs after "
            + within + ".\n" + logTail());
      }
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    return process.exitValue();
  }

  /**
   * Stops the node as an operator does: SIGTERM, so it leaves the cluster and its shards move to
   * the other nodes; killed if it has not exited within {@code grace}.
   */
  public void stop(Duration grace) {
    if (process.isAlive()) {
      terminate();
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          System.err.println("Node " + name() + " did not exit " + grace.toSeconds() + " s after SIGTERM: killing it");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    close();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String name() {
    return launch.name();
  }

  /** The node's Pekko address, e.g. pekko://persona@127.0.0.1:25521, as the cluster view names it. */
  public String address() {
    return launch.address();
  }

  /** The node JVM's process id. */
  public long pid() {
    return process.pid();
  }

  public int httpPort() {
    return launch.httpPort();
  }

  /** http://127.0.0.1:&lt;http port&gt;/ */
  public URI base() {
    return URI.create("http://127.0.0.1:" + httpPort() + "/");
  }

  /** The last lines of the node's output, headed by its log's path, to put in a failure message. */
  public String logTail() {
    Path log = launch.log();
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
    running.remove(this);
  }

  /** Kills every node process this JVM started that still runs. */
  public static void killAll() {
    List<NodeProcess> all = new ArrayList<>(running);
    all.forEach(NodeProcess::kill);
    all.forEach(NodeProcess::close);
  }

  @Override
  public String toString() {
    return name() + " (" + address() + ", http " + httpPort() + ", pid " + process.pid() + ")";
  }

  /** A node JVM that a killed caller left running still holds its ports: end it. */
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

  private static boolean inUse(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException refused) {
      return false;
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

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private static IllegalStateException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new IllegalStateException("Interrupted while waiting for a node", e);
  }
}
