package io.persona.gateway.auth;

import io.persona.persistence.access.StoredApiKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The keys table in memory, for unit tests of pure behaviour (the node's is Cassandra's). */
public final class MemoryKeyStore implements ApiKeys.Store {
  private final Map<String, StoredApiKey> keys = new ConcurrentHashMap<>();

  @Override
  public List<StoredApiKey> all() {
    return new ArrayList<>(keys.values());
  }

  @Override
  public boolean insertIfAbsent(StoredApiKey key) {
    return keys.putIfAbsent(key.id(), key) == null;
  }

  @Override
  public boolean revoke(String id, Instant at) {
    return keys.computeIfPresent(id, (k, key) -> key.revokedAt(at)) != null;
  }
}
