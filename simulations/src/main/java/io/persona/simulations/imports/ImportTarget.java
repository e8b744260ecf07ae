package io.persona.simulations.imports;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.node.NodeConfig;
import io.persona.gateway.node.PersonaNode;
import io.persona.simulations.PersonaHttp;
import io.persona.simulations.ProcessCpu;
import io.persona.simulations.node.NodeLaunch;
import io.persona.simulations.node.NodeProcess;
import io.persona.simulations.node.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The node an import goes to. {@link #process}: a JVM of its own, started as an operator starts one
 * (the packaged gateway), so that the loader, like {@code persona import}, is a client in another
 * process; {@link #inProcess}: a node inside the benchmark's JVM, as the benchmark ran before
 * 2026-12-08 (loader and node share one heap, one JIT and one common pool).
 */
sealed interface ImportTarget extends AutoCloseable {
  /** Where the node answers HTTP. */
  URI base();

  /** What the results file says about where the node ran. */
  String description();

  /** The process the node runs in (for its CPU time): its own, or the benchmark's. */
  long pid();

  @Override
  void close();

  /**
   * @param jvmOptions more options for the node's JVM (a profiler, e.g. -XX:StartFlightRecording=…)
   */
  static ImportTarget process(String keyspace, String contactPoint, String heap, List<String> jvmOptions) {
    int remote = freePort();
    List<String> options = new java.util.ArrayList<>(List.of("-Xmx" + heap));
    options.addAll(jvmOptions);
    NodeLaunch launch = new NodeLaunch("import-node", ProjectRoot.target("simulations", "import"),
        options, freePort(), remote, freePort(), Map.of(
            "PERSONA_CASSANDRA_CONTACT_POINTS", contactPoint,
            "PERSONA_CASSANDRA_KEYSPACE", keyspace,
            "PERSONA_SEED_NODES", "pekko://" + NodeLaunch.SYSTEM_NAME + "@127.0.0.1:" + remote,
            "PERSONA_OPERATOR_KEY", PersonaHttp.OPERATOR_KEY));
    System.out.println("Starting the node in a JVM of its own (log: " + launch.log() + ") ...");
    NodeProcess node = NodeProcess.start(launch);
    try {
      node.awaitReady(Duration.ofMinutes(4));
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return new OwnProcess(node, heap);
  }

  static ImportTarget inProcess(String keyspace) {
    // derived again: the journal's keyspace follows persona.cassandra.keyspace
    Config config = NodeConfig.derived(ConfigFactory.parseString("persona.cassandra.keyspace = \"" + keyspace + "\"")
        .withFallback(NodeConfig.load("bench")));
    return new InProcess(PersonaNode.start(config));
  }

  record OwnProcess(NodeProcess node, String heap) implements ImportTarget {
    @Override
    public URI base() {
      return node.base();
    }

    @Override
    public long pid() {
      return node.pid();
    }

    @Override
    public String description() {
      return "a JVM of its own (packaged gateway, profile cluster, -Xmx" + heap + "); the loader in the benchmark's";
    }

    @Override
    public void close() {
      node.stop(Duration.ofSeconds(60));
    }
  }

  record InProcess(PersonaNode node) implements ImportTarget {
    @Override
    public URI base() {
      return URI.create("http://127.0.0.1:" + node.httpPort());
    }

    @Override
    public long pid() {
      return ProcessCpu.selfPid();
    }

    @Override
    public String description() {
      return "in the benchmark's JVM with the loader (profile bench)";
    }

    @Override
    public void close() {
      node.close();
    }
  }

  /** A port free now: the node binds it moments later (a clash makes its start fail loudly). */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
