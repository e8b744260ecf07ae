package io.persona.persistence.access;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * One producer API key as stored: never the key itself, only the SHA-256 of its secret part.
 *
 * @param requestsPerSecond this key's own rate limit per node; 0 means the configured default
 * @param revokedAt         when the key was revoked, or null while it is valid
 */
public record StoredApiKey(String id, byte[] secretSha256, String name, Set<String> scopes, int requestsPerSecond,
                           Instant createdAt, Instant revokedAt) {

  public StoredApiKey {
    secretSha256 = secretSha256.clone();
    scopes = Set.copyOf(scopes);
  }

  @Override
  public byte[] secretSha256() {
    return secretSha256.clone();
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  public StoredApiKey revokedAt(Instant at) {
    return new StoredApiKey(id, secretSha256, name, scopes, requestsPerSecond, createdAt, at);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredApiKey k && id.equals(k.id) && Arrays.equals(secretSha256, k.secretSha256)
        && name.equals(k.name) && scopes.equals(k.scopes) && requestsPerSecond == k.requestsPerSecond
        && createdAt.equals(k.createdAt) && java.util.Objects.equals(revokedAt, k.revokedAt);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "StoredApiKey[id=" + id + ", name=" + name + ", scopes=" + scopes + ", revokedAt=" + revokedAt + "]";
  }
}
