package io.persona.actors.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.persona.persistence.cassandra.CassandraSettings;

import java.util.Map;

/**
 * Loads a node's configuration and derives the Pekko persistence plugin's Cassandra settings from
 * {@code persona.cassandra}, so contact points and keyspace are configured in one place.
 */
public final class NodeConfig {
  private NodeConfig() {}

  /** Profile {@code name} loads {@code persona-<name>.conf} from the classpath (e.g. "local"). */
  public static Config load(String profile) {
    return withCassandra(ConfigFactory.load("persona-" + profile));
  }

  public static Config withCassandra(Config config) {
    CassandraSettings cassandra = CassandraSettings.fromConfig(config);
    Map<String, Object> derived = Map.of(
        "datastax-java-driver.basic.contact-points", cassandra.contactPointStrings(),
        "datastax-java-driver.basic.load-balancing-policy.local-datacenter", cassandra.localDatacenter(),
        "datastax-java-driver.basic.request.timeout", cassandra.requestTimeout().toMillis() + "ms",
        "pekko.persistence.cassandra.journal.keyspace", cassandra.keyspace(),
        "pekko.persistence.cassandra.snapshot.keyspace", cassandra.keyspace());
    return ConfigFactory.parseMap(derived).withFallback(config);
  }
}
