package io.persona.persistence.access;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Producer API keys in {@code <keyspace>.api_keys} (migration V007). Blocking; the table holds the
 * keys an operator created, so reading it whole is cheap enough to do every few seconds.
 */
public final class ApiKeyRepository {
  private final CqlSession session;
  private final PreparedStatement insertIfAbsent;
  private final PreparedStatement revoke;
  private final PreparedStatement selectAll;

  public ApiKeyRepository(CqlSession session, String keyspace) {
    this.session = session;
    this.insertIfAbsent = session.prepare("INSERT INTO " + keyspace + ".api_keys (key_id, secret_sha256, name, scopes, "
        + "requests_per_second, created_at) VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    this.revoke = session.prepare("UPDATE " + keyspace + ".api_keys SET revoked_at = ? WHERE key_id = ? IF EXISTS");
    this.selectAll = session.prepare("SELECT key_id, secret_sha256, name, scopes, requests_per_second, created_at, "
        + "revoked_at FROM " + keyspace + ".api_keys");
  }

  /** Stores a new key; false when a key with that id already exists (it is left as it was). */
  public boolean insertIfAbsent(StoredApiKey key) {
    return session.execute(insertIfAbsent.bind(key.id(), ByteBuffer.wrap(key.secretSha256()), key.name(),
        key.scopes(), key.requestsPerSecond(), key.createdAt())).wasApplied();
  }

  /** Marks a key revoked at {@code at}; false when there is no such key. Revoking twice moves the time. */
  public boolean revoke(String id, Instant at) {
    return session.execute(revoke.bind(at, id)).wasApplied();
  }

  public List<StoredApiKey> all() {
    List<StoredApiKey> keys = new ArrayList<>();
    for (Row row : session.execute(selectAll.bind())) {
      ByteBuffer hash = row.getByteBuffer("secret_sha256");
      byte[] bytes = new byte[hash == null ? 0 : hash.remaining()];
      if (hash != null) {
        hash.duplicate().get(bytes);
      }
      keys.add(new StoredApiKey(row.getString("key_id"), bytes, nullToEmpty(row.getString("name")),
          row.getSet("scopes", String.class), row.getInt("requests_per_second"), row.getInstant("created_at"),
          row.getInstant("revoked_at")));
    }
    return keys;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
