package io.persona.simulations.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import java.time.Duration;

/** A benchmark's keyspace, dropped when the run is over so repeated runs do not fill the disk. */
public final class Keyspaces {
  private Keyspaces() {}

  /**
   * Drops {@code keyspace} at the node the run used (its port may be moved by
   * PERSONA_CASSANDRA_NATIVE_PORT); a failure is reported, not thrown: the results are already in.
   *
   * @return whether it was dropped
   */
  public static boolean drop(CassandraSettings cassandra, String contactPoint, String keyspace) {
    CassandraSettings atNode = new CassandraSettings(CassandraSettings.parseContactPoints(contactPoint),
        cassandra.localDatacenter(), keyspace, cassandra.replication(), cassandra.requestTimeout(), false,
        cassandra.localNode(), cassandra.access());
    try (CqlSession session = CassandraSessions.connect(atNode)) {
      // a schema change on a busy node can outlast the driver's default timeout
      session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
          .setTimeout(Duration.ofSeconds(60)));
      return true;
    } catch (RuntimeException e) {
      System.err.println("Could not drop keyspace " + keyspace + ": " + e.getMessage());
      return false;
    }
  }
}
