package io.persona.gateway.node;

import com.datastax.oss.driver.api.core.CqlSession;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.cassandra.LocalCassandraNode;
import io.persona.persistence.schema.SchemaMigrations;

/**
 * Where everything durable lives: the Cassandra session over the node's keyspace with its schema
 * applied, and the local Cassandra node when the profile asks for one (started or reused). Opened
 * first, closed last: the local node stops only after everything that wrote to it.
 */
public final class Storage implements AutoCloseable {
  private final LocalCassandraNode localNode;
  private final CqlSession session;
  private final String keyspace;

  private Storage(LocalCassandraNode localNode, CqlSession session, String keyspace) {
    this.localNode = localNode;
    this.session = session;
    this.keyspace = keyspace;
  }

  public static Storage open(CassandraSettings settings) {
    LocalCassandraNode local = settings.startLocalNode()
        ? LocalCassandraNode.ensureRunning(settings.localNodeSettings())
        : null;
    if (local != null) {
      local.stopOnlyWhenClosed(); // close() stops it after the actor system, never before
    }
    try {
      CqlSession session = CassandraSessions.connect(settings);
      try {
        SchemaMigrations.apply(session, settings.keyspace(), settings.replication());
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
      return new Storage(local, session, settings.keyspace());
    } catch (RuntimeException e) {
      if (local != null) {
        local.close();
      }
      throw e;
    }
  }

  public CqlSession session() {
    return session;
  }

  public String keyspace() {
    return keyspace;
  }

  @Override
  public void close() {
    session.close();
    if (localNode != null) {
      localNode.close();
    }
  }
}
