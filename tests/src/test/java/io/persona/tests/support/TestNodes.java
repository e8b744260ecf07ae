package io.persona.tests.support;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.actors.node.NodeConfig;
import io.persona.gateway.node.PersonaNode;

/** Starts Persona nodes against the shared Cassandra node, on free ports. */
public final class TestNodes {
  private TestNodes() {}

  public static PersonaNode start() {
    return start(ConfigFactory.empty());
  }

  /** {@code overrides} win over the test configuration (e.g. another contact point). */
  public static PersonaNode start(Config overrides) {
    SharedCassandra.ensureStarted();
    PersonaNode node = PersonaNode.start(NodeConfig.derived(overrides.withFallback(SharedCassandra.testConfig()).resolve()));
    // as a load balancer would: a test's first request meets a node that reports ready
    try {
      node.warmUp().toCompletableFuture().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
    } catch (RuntimeException e) {
      node.close();
      throw new IllegalStateException("the node's serving warm-up did not end within 60 s", e);
    }
    return node;
  }
}
