package io.persona.persistence.cassandra;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.typesafe.config.Config;

import java.util.Arrays;

/**
 * How Persona's sessions talk to Cassandra beyond where it is ({@code persona.cassandra}): the
 * consistency of the project's own tables, credentials, and TLS.
 *
 * @param consistency        a driver consistency level for the project's own tables (the journal keeps
 *                           pekko-persistence-cassandra's own, QUORUM; snapshots ONE)
 * @param username           PlainTextAuthProvider's user; empty: no credentials are sent
 * @param ssl                TLS to Cassandra
 * @param truststorePath     a JKS or PKCS12 trust store; empty: the JVM's default trust
 * @param hostnameValidation whether a node's certificate must name the host it was reached at
 */
public record CassandraAccess(String consistency, String username, String password, boolean ssl,
                              String truststorePath, String truststorePassword, boolean hostnameValidation) {
  public CassandraAccess {
    try {
      DefaultConsistencyLevel.valueOf(consistency);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("persona.cassandra.consistency (PERSONA_CASSANDRA_CONSISTENCY) must be one of "
          + Arrays.toString(DefaultConsistencyLevel.values()) + ", was \"" + consistency + "\"");
    }
  }

  /** What a local development node needs: one node, no credentials, no TLS. */
  public static CassandraAccess plain() {
    return new CassandraAccess("LOCAL_QUORUM", "", "", false, "", "", true);
  }

  public static CassandraAccess fromConfig(Config cassandra) {
    Config ssl = cassandra.getConfig("ssl");
    return new CassandraAccess(cassandra.getString("consistency"), cassandra.getString("username"),
        cassandra.getString("password"), ssl.getBoolean("enabled"), ssl.getString("truststore-path"),
        ssl.getString("truststore-password"), ssl.getBoolean("hostname-validation"));
  }

  public boolean hasCredentials() {
    return !username.isEmpty();
  }

  /** No password in logs or error messages. */
  @Override
  public String toString() {
    return "CassandraAccess[consistency=" + consistency + ", username=" + username + ", ssl=" + ssl + "]";
  }
}
