package io.persona.streams.kafka;

import org.apache.kafka.common.Uuid;
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
 * The project's one way to get a Kafka broker on this machine, like its Cassandra node: reuse the
 * broker that already answers on the configured port, or start Kafka 4 in KRaft mode (one process
 * that is broker and controller) as a separate JVM from the jars Maven resolved, formatting its
 * storage on first use; wait until it answers, and stop it on {@link #close()} or JVM exit.
 */
public final class LocalKafkaBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);
  private static final int LOG_TAIL_LINES = 40;

  private final LocalBrokerSettings settings;
  private final Process process; // null when a running broker is reused
  private final Thread shutdownHook;
  private volatile boolean hookRegistered;

  private LocalKafkaBroker(LocalBrokerSettings settings, Process process) {
    this.settings = settings;
    this.process = process;
    this.shutdownHook = process == null ? null : new Thread(this::stopProcess, "kafka-broker-stop");
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      hookRegistered = true;
    }
  }

  /** Reuses a broker that answers on the configured port, or starts one and waits for it. */
  public static LocalKafkaBroker ensureRunning(LocalBrokerSettings settings) {
    if (KafkaProbe.answers(settings.host(), settings.port(), 1000)) {
      log.info("Reusing the Kafka broker that answers on {}", settings.bootstrapServers());
      return new LocalKafkaBroker(settings, null);
    }
    return start(settings);
  }

  private static LocalKafkaBroker start(LocalBrokerSettings settings) {
    Path lib = settings.libDir();
    if (!containsKafkaJar(lib)) {
      throw new IllegalStateException("Kafka's jars are not in " + lib
          + ". Build the project first (./mvnw -B install -DskipTests), or set persona.kafka.local.lib-dir.");
    }
    Path conf = settings.dataDir().resolve("conf");
    Path logs = settings.dataDir().resolve("logs");
    Path data = settings.dataDir().resolve("data");
    Path properties = conf.resolve("server.properties");
    Path log4j = conf.resolve("log4j2.properties");
    Path console = logs.resolve("console.log");
    try {
      Files.createDirectories(conf);
      Files.createDirectories(logs);
      Files.writeString(properties, serverProperties(settings, data));
      Files.writeString(log4j, log4j2(logs));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Kafka broker's files under " + settings.dataDir(), e);
    }
    if (!Files.exists(data.resolve("meta.properties"))) {
      format(settings, properties, log4j, console);
    }
    log.info("Starting Kafka on {} (data in {})", settings.bootstrapServers(), data);
    Process process;
    try {
      process = new ProcessBuilder(java(settings, log4j, "kafka.Kafka", properties.toString()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the Kafka JVM: " + e.getMessage(), e);
    }
    LocalKafkaBroker broker = new LocalKafkaBroker(settings, process);
    broker.awaitAnswer(console);
    return broker;
  }

  /** KRaft storage is formatted once, with a new cluster id, before the broker's first start. */
  private static void format(LocalBrokerSettings settings, Path properties, Path log4j, Path console) {
    List<String> command = java(settings, log4j, "kafka.tools.StorageTool",
        "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", properties.toString(), "--ignore-formatted");
    try {
      Process format = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile())).start();
      if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new IllegalStateException("Formatting the Kafka broker's storage failed. Last lines of " + console
            + ":\n" + tail(console));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not format the Kafka broker's storage: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while formatting the Kafka broker's storage");
    }
  }

  private static List<String> java(LocalBrokerSettings settings, Path log4j, String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms" + settings.heap(), "-Xmx" + settings.heap(),
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        "-Dlog4j2.configurationFile=" + log4j.toUri(),
        "-cp", settings.libDir().resolve("*").toString(),
        mainClass));
    command.addAll(List.of(args));
    return command;
  }

  private static String serverProperties(LocalBrokerSettings s, Path data) {
    // one node that is broker and controller; internal topics with one replica (there is one broker)
    return """
        process.roles=broker,controller
        node.id=1
        controller.quorum.voters=1@%1$s:%3$d
        listeners=PLAINTEXT://%1$s:%2$d,CONTROLLER://%1$s:%3$d
        advertised.listeners=PLAINTEXT://%1$s:%2$d
        controller.listener.names=CONTROLLER
        inter.broker.listener.name=PLAINTEXT
        listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
        log.dirs=%4$s
        num.partitions=%5$d
        offsets.topic.replication.factor=1
        offsets.topic.num.partitions=8
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        transaction.state.log.num.partitions=4
        share.coordinator.state.topic.replication.factor=1
        share.coordinator.state.topic.min.isr=1
        group.initial.rebalance.delay.ms=0
        """.formatted(s.host(), s.port(), s.controllerPort(), data.toString().replace('\\', '/'), s.partitions());
  }

  private static String log4j2(Path logs) {
    return """
        status = warn
        appender.file.type = RollingFile
        appender.file.name = file
        appender.file.fileName = %1$s/server.log
        appender.file.filePattern = %1$s/server.log.%%i
        appender.file.layout.type = PatternLayout
        appender.file.layout.pattern = [%%d] %%p %%m (%%c)%%n
        appender.file.policies.type = Policies
        appender.file.policies.size.type = SizeBasedTriggeringPolicy
        appender.file.policies.size.size = 20MB
        appender.file.strategy.type = DefaultRolloverStrategy
        appender.file.strategy.max = 3
        rootLogger.level = INFO
        rootLogger.appenderRef.file.ref = file
        """.formatted(logs.toString().replace('\\', '/'));
  }

  private void awaitAnswer(Path console) {
    long started = System.nanoTime();
    long deadline = started + settings.startTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kafka exited with code " + process.exitValue()
            + " before it answered. Last lines of " + console + " (and see server.log beside it):\n" + tail(console));
      }
      if (KafkaProbe.answers(settings.host(), settings.port(), 1000)) {
        log.info("Kafka answers on {} after {} s", settings.bootstrapServers(),
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        return;
      }
      sleep(250);
    }
    close();
    throw new IllegalStateException("Kafka did not answer within " + settings.startTimeout() + ". Last lines of "
        + console + ":\n" + tail(console));
  }

  /** True when this instance started the process (and so will stop it). */
  public boolean startedHere() {
    return process != null;
  }

  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /**
   * The owner promises to {@link #close()} this broker in its own shutdown sequence, after the
   * consumer that reads from it has stopped.
   */
  public void stopOnlyWhenClosed() {
    if (!hookRegistered) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      return; // the hook runs anyway
    }
    hookRegistered = false;
  }

  /** Stops the broker if this instance started it; a reused broker is left running. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    stopOnlyWhenClosed();
    stopProcess();
  }

  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    log.info("Stopping the Kafka broker on {}", settings.bootstrapServers());
    process.destroy(); // SIGTERM: a controlled shutdown
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static boolean containsKafkaJar(Path lib) {
    if (!Files.isDirectory(lib)) {
      return false;
    }
    try (var files = Files.list(lib)) {
      return files.anyMatch(p -> p.getFileName().toString().startsWith("kafka_2.13-"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path file) {
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
      throw new IllegalStateException("Interrupted while waiting for Kafka");
    }
  }
}
