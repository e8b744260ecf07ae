package io.persona.tests.support;

import com.datastax.oss.driver.api.core.CqlSession;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.schema.SchemaMigrations;
import io.persona.simulations.node.NodeLaunch;
import io.persona.simulations.node.NodeProcess;
import io.persona.simulations.node.ProjectRoot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node processes of one test cluster: they share a keyspace of the test's own, a Cassandra
 * node, an operator key and a seed (the first node started). Closing it kills whatever still runs.
 */
public final class NodeCluster implements AutoCloseable {
  /** Up to four node JVMs share the test machine's two cores and its memory with Cassandra. */
  private static final List<String> NODE_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");

  private final Map<String, String> common;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private String seed;

  /**
   * The keyspace's schema is applied here, once, before any node starts: nodes starting together
   * would otherwise all run the migrations at the same time.
   */
  public NodeCluster(CassandraSettings cassandra, String keyspace, String operatorKey) {
    try (CqlSession session = CassandraSessions.connect(cassandra)) {
      SchemaMigrations.apply(session, keyspace, cassandra.replication());
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PERSONA_CASSANDRA_CONTACT_POINTS", String.join(",", cassandra.contactPointStrings()));
    env.put("PERSONA_CASSANDRA_KEYSPACE", keyspace);
    env.put("PERSONA_CASSANDRA_LOCAL", "false");
    env.put("PERSONA_OPERATOR_KEY", operatorKey);
    env.put("PERSONA_BOOTSTRAP_KEY", HttpJson.producerKey());
    // a training loop would compete for the machine's two cores with the nodes under test
    env.put("PERSONA_LEARNING_ENABLED", "false");
    env.put("PERSONA_METRICS_ENABLED", "false");
    env.put("PERSONA_METRICS_INSTRUMENTATION", "false");
    this.common = env;
  }

  /** A setting every node started from now on gets. */
  public NodeCluster withEnv(String key, String value) {
    common.put(key, value);
    return this;
  }

  /** Starts a node process; the first one started is the seed every node joins through. */
  public synchronized NodeProcess start(String name) {
    NodeLaunch launch = new NodeLaunch(name, ProjectRoot.target("tests", "nodes"), NODE_JVM,
        FreePorts.next(), FreePorts.next(), FreePorts.next(), common);
    if (seed == null) {
      seed = launch.address();
    }
    NodeProcess node = NodeProcess.start(launch.withEnv("PERSONA_SEED_NODES", seed));
    nodes.add(node);
    return node;
  }

  public synchronized List<NodeProcess> nodes() {
    return List.copyOf(nodes);
  }

  /** Every node's log tail, for a failure that may have its cause on any of them. */
  public String logTails() {
    StringBuilder tails = new StringBuilder();
    for (NodeProcess node : nodes()) {
      tails.append('\n').append(node.logTail());
    }
    return tails.toString();
  }

  @Override
  public void close() {
    nodes().forEach(NodeProcess::close);
  }
}
