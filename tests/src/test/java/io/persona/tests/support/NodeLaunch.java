package io.persona.tests.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one node process is started: its name (log file, index folder), the ports it binds and the
 * environment overrides it gets (CONTRACT: PERSONA_...). Ports are picked before the start so a
 * node's address is known before it runs: the first node's is every other node's seed.
 */
public record NodeLaunch(String name, int httpPort, int remotePort, int managementPort, Map<String, String> env) {
  public static final String SYSTEM_NAME = "persona";

  public NodeLaunch {
    env = Map.copyOf(env);
  }

  /** A node on fresh loopback ports with {@code common} (cluster-wide settings) in its environment. */
  public static NodeLaunch onFreePorts(String name, Map<String, String> common) {
    return new NodeLaunch(name, FreePorts.next(), FreePorts.next(), FreePorts.next(), common);
  }

  /** The Pekko address the node will have, e.g. pekko://persona@127.0.0.1:25521. */
  public String address() {
    return "pekko://" + SYSTEM_NAME + "@127.0.0.1:" + remotePort;
  }

  public NodeLaunch withEnv(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(env);
    more.put(key, value);
    return new NodeLaunch(name, httpPort, remotePort, managementPort, more);
  }

  /** The node's own settings on top of the common ones: its ports, every host on loopback. */
  Map<String, String> processEnv() {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put("PERSONA_HTTP_HOST", "127.0.0.1");
    all.put("PERSONA_HTTP_PORT", Integer.toString(httpPort));
    all.put("PERSONA_REMOTE_HOST", "127.0.0.1");
    all.put("PERSONA_REMOTE_PORT", Integer.toString(remotePort));
    all.put("PERSONA_MANAGEMENT_HOST", "127.0.0.1");
    all.put("PERSONA_MANAGEMENT_PORT", Integer.toString(managementPort));
    return all;
  }
}
