package io.persona.gateway;

import com.typesafe.config.Config;
import io.persona.actors.node.NodeConfig;
import io.persona.gateway.node.PersonaNode;

import java.util.concurrent.CountDownLatch;

/**
 * Starts one Persona node with the profile named by {@code PERSONA_PROFILE} (default "local":
 * the project's own Cassandra node plus one node with every role) and runs until the JVM is
 * asked to stop.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    String profile = args.length > 0 ? args[0] : System.getenv().getOrDefault("PERSONA_PROFILE", "local");
    Config config = NodeConfig.load(profile);
    PersonaNode node = PersonaNode.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "persona-stop"));
    String base = "http://" + config.getString("persona.http.host") + ":" + node.httpPort();
    System.out.printf("%nPersona is up (profile %s).%n  events:  POST %s/v1/events%n  items:   POST %s/v1/items%n"
        + "  profile: GET  %s/v1/users/{id}%n  recommendations: GET %s/v1/users/{id}/recommendations?k=10%n"
        + "  live:    WS   %s/v1/users/{id}/live%n  ready:   GET  %s/health/ready%n"
        + "Ctrl-C stops Persona and the Cassandra node it started.%n%n",
        profile, base, base, base, base, base.replace("http", "ws"), base);
    stopped.await();
  }
}
