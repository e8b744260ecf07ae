package io.persona.gateway.auth;

import io.persona.persistence.access.StoredApiKey;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every producer key of the cluster, cached on this node: a request is checked against memory, never
 * against Cassandra. {@link #refresh()} re-reads the table (the node does it every few seconds), so a
 * key revoked on any node stops working on every node within that interval; on the node that revoked
 * it, at once.
 */
public final class ApiKeys {
  /** Where the keys are kept (Cassandra's {@code api_keys} in the node). */
  public interface Store {
    List<StoredApiKey> all();

    boolean insertIfAbsent(StoredApiKey key);

    boolean revoke(String id, Instant at);
  }

  /** A key just created: the only time its text exists outside the caller. */
  public record Created(String text, StoredApiKey stored) {
    @Override
    public String toString() {
      return "Created[" + stored + "]";
    }
  }

  private final Store store;
  private volatile Map<String, StoredApiKey> byId = Map.of();

  public ApiKeys(Store store) {
    this.store = store;
  }

  /** Re-reads every key. Synchronized with create and revoke, so a slower read never undoes them. */
  public synchronized void refresh() {
    byId = store.all().stream().collect(Collectors.toUnmodifiableMap(StoredApiKey::id, k -> k, (a, b) -> a));
  }

  /**
   * Whether the key {@code id} is known here as revoked. A key this node has not read yet (created on
   * another node within the refresh interval) is not: keys are revoked, never removed.
   */
  public boolean revoked(String id) {
    StoredApiKey key = byId.get(id);
    return key != null && key.revoked();
  }

  /** The valid (known, not revoked) key {@code text} names, if its secret matches. */
  public Optional<StoredApiKey> authenticate(String text) {
    Optional<ApiKeySecrets.Presented> presented = ApiKeySecrets.parse(text);
    if (presented.isEmpty()) {
      return Optional.empty();
    }
    StoredApiKey key = byId.get(presented.get().id());
    if (key == null || key.revoked()) {
      return Optional.empty();
    }
    // constant time: the comparison must not tell how much of a guessed secret was right
    boolean matches = MessageDigest.isEqual(key.secretSha256(), ApiKeySecrets.sha256(presented.get().secret()));
    return matches ? Optional.of(key) : Optional.empty();
  }

  public synchronized Created create(String name, Set<Scope> scopes, int requestsPerSecond, Instant now) {
    for (int attempt = 0; attempt < 5; attempt++) {
      ApiKeySecrets.Presented key = ApiKeySecrets.generate();
      StoredApiKey stored = stored(key, name, scopes, requestsPerSecond, now);
      if (store.insertIfAbsent(stored)) {
        remember(stored);
        return new Created(ApiKeySecrets.text(key), stored);
      }
    }
    throw new IllegalStateException("could not find a free key id in 5 tries");
  }

  /**
   * Makes sure the key {@code text} exists with {@code scopes}. A key that exists already is left as
   * it is, revoked or not: restarting a node must not undo an operator's revocation.
   *
   * @return false when the key existed already
   * @throws IllegalArgumentException when {@code text} is not of the key form
   */
  public synchronized boolean ensure(String text, String name, Set<Scope> scopes, Instant now) {
    ApiKeySecrets.Presented key = ApiKeySecrets.parse(text).orElseThrow(() -> new IllegalArgumentException(
        "not a producer key; the form is " + ApiKeySecrets.expectedForm()));
    boolean created = store.insertIfAbsent(stored(key, name, scopes, 0, now));
    refresh();
    return created;
  }

  /** Every key, valid and revoked, oldest first, as stored now. */
  public synchronized List<StoredApiKey> list() {
    refresh();
    return byId.values().stream().sorted(Comparator.comparing(StoredApiKey::createdAt)).toList();
  }

  /** Revokes a key; empty when there is no such key. Effective on this node at once. */
  public synchronized Optional<StoredApiKey> revoke(String id, Instant now) {
    StoredApiKey known = byId.get(id);
    if (known != null && known.revoked()) {
      return Optional.of(known); // revoking again keeps the first time
    }
    if (!store.revoke(id, now)) {
      return Optional.empty();
    }
    refresh();
    return Optional.ofNullable(byId.get(id));
  }

  private synchronized void remember(StoredApiKey key) {
    Map<String, StoredApiKey> next = new HashMap<>(byId);
    next.put(key.id(), key);
    byId = Map.copyOf(next);
  }

  private static StoredApiKey stored(ApiKeySecrets.Presented key, String name, Set<Scope> scopes,
                                     int requestsPerSecond, Instant now) {
    return new StoredApiKey(key.id(), ApiKeySecrets.sha256(key.secret()), name,
        scopes.stream().map(Scope::wireName).collect(Collectors.toSet()), requestsPerSecond, now, null);
  }
}
