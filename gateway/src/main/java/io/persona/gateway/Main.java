package io.persona.gateway;

import com.typesafe.config.Config;
import io.persona.actors.node.NodeConfig;
import io.persona.gateway.node.CommonPool;
import io.persona.gateway.node.PersonaNode;

/**
 * Starts one Persona node with the profile named by the first argument or {@code PERSONA_PROFILE}
 * (default "local": the project's own Cassandra node plus one node with every role) and runs until
 * the node stops: on SIGTERM or Ctrl-C, or when it has left the cluster (an operator's leave, or
 * the split-brain resolver downing it). The process then exits, so a supervisor can restart it.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommonPool.widen();
    String profile = args.length > 0 ? args[0] : System.getenv().getOrDefault("PERSONA_PROFILE", "local");
    Config config;
    PersonaNode node;
    try {
      config = NodeConfig.load(profile);
      node = PersonaNode.start(config);
    } catch (RuntimeException e) {
      // exit explicitly: threads started before the failure (Kamon's reporters) would keep the JVM up
      System.err.println("Persona could not start (profile " + profile + "): " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "persona-stop"));
    String base = (config.getBoolean("persona.http.tls.enabled") ? "https://" : "http://")
        + config.getString("persona.http.host") + ":" + node.httpPort();
    System.out.printf("%nPersona is up (profile %s, %s).%n  events:  POST %s/v1/events%n  items:   POST %s/v1/items%n"
        + "  profile: GET  %s/v1/users/{id}%n  recommendations: GET %s/v1/users/{id}/recommendations?k=10%n"
        + "  live:    WS   %s/v1/users/{id}/live%n  ready:   GET  %s/health/ready%n  metrics: GET  %s/metrics%n"
        + "  cluster: GET  %s/v1/admin/cluster (Authorization: Bearer <operator key>)%n"
        + "Ctrl-C leaves the cluster and stops Persona (and the Cassandra node it started).%n%n",
        profile, node.system().address(), base, base, base, base, base.replace("http", "ws"), base, base, base);
    node.developmentKey().ifPresent(key -> System.out.printf(
        "Development API key (every scope but admin; kept in %s):%n  Authorization: Bearer %s%n"
            + "More keys: ./persona keys create --name NAME --scopes events:write,recommendations:read%n%n",
        config.getString("persona.auth.development-key-file"), key));
    node.whenStopped().toCompletableFuture().join();
    System.exit(0);
  }
}
