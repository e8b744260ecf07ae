package io.persona.simulations.quality.served;

import io.persona.simulations.node.NodeLaunch;
import io.persona.simulations.node.NodeProcess;
import io.persona.simulations.node.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Persona node under test: a JVM of its own, started as an operator starts one (packaged
 * gateway, profile "cluster", PERSONA_... variables), alone in its cluster, on a fresh keyspace of
 * the benchmark's Cassandra node. Stopped gracefully on close, killed if it does not exit.
 */
final class ServedNode implements AutoCloseable {
  /** The key PersonaHttp sends (PERSONA_OPERATOR_KEY, else the local profiles' development key). */
  static final String OPERATOR_KEY = System.getenv().getOrDefault("PERSONA_OPERATOR_KEY", "persona-local-operator");
  private static final Duration START_WITHIN = Duration.ofMinutes(4);
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  private final NodeProcess process;
  private final NodeApi api;

  private ServedNode(NodeProcess process) {
    this.process = process;
    this.api = new NodeApi(process.base());
  }

  /**
   * @param infrastructure where it runs (Cassandra, keyspace): not a setting of the node's behaviour,
   *                       recorded apart from the operator's overrides
   */
  static ServedNode start(String name, String heap, NodeSettings settings, Map<String, String> infrastructure) {
    Path folder = ProjectRoot.target("simulations", "quality");
    int remote = freePort();
    Map<String, String> env = new LinkedHashMap<>(infrastructure);
    env.put("PERSONA_SEED_NODES", "pekko://" + NodeLaunch.SYSTEM_NAME + "@127.0.0.1:" + remote);
    env.put("PERSONA_OPERATOR_KEY", OPERATOR_KEY);
    env.putAll(settings.overrides());
    NodeLaunch launch = new NodeLaunch(name, folder, List.of("-Xmx" + heap), freePort(), remote, freePort(), env);
    System.out.println("Starting node " + name + " (log: " + launch.log() + ") ...");
    NodeProcess process = NodeProcess.start(launch);
    try {
      process.awaitReady(START_WITHIN);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    System.out.println("Node " + name + " is ready at " + process.base());
    return new ServedNode(process);
  }

  NodeApi api() {
    return api;
  }

  String log() {
    return process.logTail();
  }

  @Override
  public void close() {
    process.stop(STOP_GRACE);
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
