package io.persona.persistence.cassandra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's one way to get a Cassandra node on this machine: reuse the node that already
 * answers CQL on the configured port, or start Cassandra 5 as a separate JDK 17 process from the
 * jars Maven resolved, wait until CQL answers, and stop it again on {@link #close()} or JVM exit.
 * A separate process keeps Cassandra's classpath (netty-all, guava, ...) out of the application.
 */
public final class LocalCassandraNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalCassandraNode.class);
  private static final int LOG_TAIL_LINES = 60;

  private final LocalNodeSettings settings;
  private final Process process; // null when an already running node is reused
  private final Thread shutdownHook;
  private volatile boolean hookRegistered;

  private LocalCassandraNode(LocalNodeSettings settings, Process process) {
    this.settings = settings;
    this.process = process;
    this.shutdownHook = process == null ? null : new Thread(this::stopProcess, "cassandra-node-stop");
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      hookRegistered = true;
    }
  }

  /**
   * The owner promises to {@link #close()} this node in its own shutdown sequence, after whatever
   * still writes to it has stopped; without this, the JVM's hooks would stop Cassandra concurrently
   * with the application's last writes.
   */
  public void stopOnlyWhenClosed() {
    removeShutdownHook();
  }

  private void removeShutdownHook() {
    if (!hookRegistered) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway
    }
    hookRegistered = false;
  }

  /** Reuses a node that answers on the configured port, or starts one and waits for it. */
  public static LocalCassandraNode ensureRunning(LocalNodeSettings settings) {
    if (CqlProbe.answers(settings.host(), settings.nativePort(), 1000)) {
      log.info("Reusing the Cassandra node that answers on {}:{}", settings.host(), settings.nativePort());
      return new LocalCassandraNode(settings, null);
    }
    return start(settings);
  }

  private static LocalCassandraNode start(LocalNodeSettings settings) {
    Path lib = settings.libDir();
    if (!Files.isDirectory(lib) || !containsCassandraJar(lib)) {
      throw new CassandraStartException("Cassandra's jars are not in " + lib
          + ". Build the project first (./mvnw -B install -DskipTests), or set persona.cassandra.local.lib-dir.");
    }
    CassandraNodeFiles files = CassandraNodeFiles.write(settings);
    List<String> command = new ArrayList<>(List.of(
        javaExecutable(),
        "-Xms" + settings.heap(), "-Xmx" + settings.heap(),
        "-XX:+UseG1GC",
        "-Djava.net.preferIPv4Stack=true",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.io=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "-Dcassandra.config=" + files.yaml().toUri(),
        "-Dlogback.configurationFile=" + files.logback().toUri(),
        "-Dcassandra.logdir=" + files.logDir(),
        "-Dcassandra.storagedir=" + settings.dataDir(),
        "-Dcassandra-foreground=yes",
        // one node that is its own seed: nothing to wait for
        "-Dcassandra.skip_wait_for_gossip_to_settle=0",
        "-Dcassandra.ring_delay_ms=0",
        "-cp", lib.resolve("*").toString(),
        "org.apache.cassandra.service.CassandraDaemon"));
    log.info("Starting Cassandra on {}:{} (data in {})", settings.host(), settings.nativePort(), settings.dataDir());
    Process process;
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(files.console().toFile())
          .start();
    } catch (IOException e) {
      throw new CassandraStartException("Could not start the Cassandra JVM: " + e.getMessage());
    }
    LocalCassandraNode node = new LocalCassandraNode(settings, process);
    node.awaitCql(files.console());
    return node;
  }

  private void awaitCql(Path console) {
    long started = System.nanoTime();
    long deadline = started + settings.startTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new CassandraStartException("Cassandra exited with code " + process.exitValue()
            + " before CQL answered. Last lines of " + console + ":\n" + tail(console));
      }
      if (CqlProbe.answers(settings.host(), settings.nativePort(), 1000)) {
        log.info("Cassandra answers CQL on {}:{} after {} s", settings.host(), settings.nativePort(),
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        return;
      }
      sleep(250);
    }
    close();
    throw new CassandraStartException("Cassandra did not answer CQL within " + settings.startTimeout()
        + ". Last lines of " + console + ":\n" + tail(console));
  }

  /** True when this instance started the process (and so will stop it). */
  public boolean startedHere() {
    return process != null;
  }

  public String contactPoint() {
    return settings.host() + ":" + settings.nativePort();
  }

  /** Stops the node if this instance started it; a reused node is left running. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    removeShutdownHook();
    stopProcess();
  }

  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    log.info("Stopping the Cassandra node on {}:{}", settings.host(), settings.nativePort());
    process.destroy(); // SIGTERM: Cassandra drains and flushes its commit log
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static boolean containsCassandraJar(Path lib) {
    try (var files = Files.list(lib)) {
      return files.anyMatch(p -> p.getFileName().toString().startsWith("cassandra-all-"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String javaExecutable() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CassandraStartException("Interrupted while waiting for Cassandra");
    }
  }
}
