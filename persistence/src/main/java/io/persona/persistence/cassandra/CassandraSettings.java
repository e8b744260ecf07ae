package io.persona.persistence.cassandra;

import com.typesafe.config.Config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How Persona reaches Cassandra ({@code persona.cassandra}). The same contact points feed the
 * project's own session and pekko-persistence-cassandra's, so there is one place to change them.
 *
 * @param contactPoints    host:port of one or more nodes
 * @param localDatacenter  the driver's local datacenter
 * @param keyspace         keyspace of the journal, snapshots and the project's tables
 * @param replication      CQL replication map used when the keyspace is created
 * @param requestTimeout   driver request timeout
 * @param startLocalNode   start (or reuse) the project's local node before connecting
 * @param access           consistency, credentials and TLS
 */
public record CassandraSettings(
    List<InetSocketAddress> contactPoints,
    String localDatacenter,
    String keyspace,
    String replication,
    Duration requestTimeout,
    boolean startLocalNode,
    Config localNode,
    CassandraAccess access) {

  public static CassandraSettings fromConfig(Config config) {
    Config c = config.getConfig("persona.cassandra");
    return new CassandraSettings(
        parseContactPoints(c.getString("contact-points")),
        c.getString("local-datacenter"),
        c.getString("keyspace"),
        c.getString("replication"),
        c.getDuration("request-timeout"),
        c.getBoolean("local.enabled"),
        c.getConfig("local"),
        CassandraAccess.fromConfig(c));
  }

  public LocalNodeSettings localNodeSettings() {
    return LocalNodeSettings.fromConfig(localNode);
  }

  /** "host:port,host:port" as configured (one string, so a single env variable can set it). */
  public static List<InetSocketAddress> parseContactPoints(String value) {
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(CassandraSettings::parseHostPort)
        .toList();
  }

  private static InetSocketAddress parseHostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      return InetSocketAddress.createUnresolved(hostPort, 9042);
    }
    return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  public List<String> contactPointStrings() {
    return contactPoints.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList();
  }
}
