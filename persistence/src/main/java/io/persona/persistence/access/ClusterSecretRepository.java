package io.persona.persistence.access;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Secrets generated once per cluster ({@code <keyspace>.cluster_secrets}, migration V007). The
 * first node to start writes one with IF NOT EXISTS; every node then reads back the one that won,
 * so nodes starting together still share it.
 */
public final class ClusterSecretRepository {
  private final CqlSession session;
  private final String keyspace;

  public ClusterSecretRepository(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  public byte[] getOrCreate(String name, Supplier<byte[]> generate) {
    session.execute(SimpleStatement.newInstance("INSERT INTO " + keyspace + ".cluster_secrets (name, secret, created_at) "
        + "VALUES (?, ?, ?) IF NOT EXISTS", name, ByteBuffer.wrap(generate.get()), Instant.now()));
    Row row = session.execute(SimpleStatement.newInstance(
        "SELECT secret FROM " + keyspace + ".cluster_secrets WHERE name = ?", name)).one();
    if (row == null) {
      throw new IllegalStateException("cluster secret " + name + " was written but cannot be read back");
    }
    ByteBuffer secret = row.getByteBuffer("secret");
    byte[] bytes = new byte[secret.remaining()];
    secret.duplicate().get(bytes);
    return bytes;
  }
}
