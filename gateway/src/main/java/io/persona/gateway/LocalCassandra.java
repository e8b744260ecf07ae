package io.persona.gateway;

import com.typesafe.config.ConfigFactory;
import io.persona.persistence.cassandra.LocalCassandraNode;
import io.persona.persistence.cassandra.LocalNodeSettings;

/**
 * Runs only the project's local Cassandra node (persona.cassandra.local, with its PERSONA_CASSANDRA_...
 * overrides) until this process is stopped: the shared database of a local multi-node cluster,
 * which must outlive any one Persona node ({@code ./persona cluster}).
 */
public final class LocalCassandra {
  private LocalCassandra() {}

  public static void main(String[] args) throws InterruptedException {
    LocalNodeSettings settings = LocalNodeSettings.fromConfig(
        ConfigFactory.load("persona-local").getConfig("persona.cassandra.local"));
    LocalCassandraNode node = LocalCassandraNode.ensureRunning(settings);
    if (!node.startedHere()) {
      System.out.printf("A Cassandra node already answers on %s; nothing to start.%n", node.contactPoint());
      return;
    }
    System.out.printf("Cassandra answers on %s (data in %s). Stop this process to stop it.%n",
        node.contactPoint(), settings.dataDir());
    Thread.currentThread().join(); // the launcher's own shutdown hook stops Cassandra on SIGTERM
  }
}
