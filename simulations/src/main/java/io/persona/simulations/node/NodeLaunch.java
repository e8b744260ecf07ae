package io.persona.simulations.node;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one node process is started: its name (the log, pid file and vector index folder in
 * {@code folder} are named after it), the JVM's options (heap, GC), the ports it binds and its
 * settings as environment overrides (PERSONA_...). Ports are chosen before the start so that a
 * node's address is known before it runs: the first node's is every other node's seed.
 */
public record NodeLaunch(String name, Path folder, List<String> jvmOptions, int httpPort, int remotePort,
                         int managementPort, Map<String, String> env) {
  public static final String SYSTEM_NAME = "persona";

  public NodeLaunch {
    jvmOptions = List.copyOf(jvmOptions);
    env = Map.copyOf(env);
  }

  /** The Pekko address the node will have, e.g. pekko://persona@127.0.0.1:25521. */
  public String address() {
    return "pekko://" + SYSTEM_NAME + "@127.0.0.1:" + remotePort;
  }

  public NodeLaunch withEnv(String key, String value) {
    return withEnv(Map.of(key, value));
  }

  /** {@code more} on top of the settings so far (a key in both takes the value in {@code more}). */
  public NodeLaunch withEnv(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.putAll(more);
    return new NodeLaunch(name, folder, jvmOptions, httpPort, remotePort, managementPort, all);
  }

  /** The node's console output. */
  public Path log() {
    return folder.resolve(name + ".log");
  }

  /** Its own vector index: nodes on one machine must not share one. */
  Path indexFolder() {
    return folder.resolve(name + "-index");
  }

  Path pidFile() {
    return folder.resolve(name + ".pid");
  }

  List<Integer> ports() {
    return List.of(httpPort, remotePort, managementPort);
  }

  /** The node's own settings on top of the given ones: its ports and index, every host on loopback. */
  Map<String, String> processEnv() {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put("PERSONA_HTTP_HOST", "127.0.0.1");
    all.put("PERSONA_HTTP_PORT", Integer.toString(httpPort));
    all.put("PERSONA_REMOTE_HOST", "127.0.0.1");
    all.put("PERSONA_REMOTE_PORT", Integer.toString(remotePort));
    all.put("PERSONA_MANAGEMENT_HOST", "127.0.0.1");
    all.put("PERSONA_MANAGEMENT_PORT", Integer.toString(managementPort));
    all.put("PERSONA_RETRIEVAL_INDEX_DIR", indexFolder().toString());
    return all;
  }
}
