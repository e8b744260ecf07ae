package io.persona.gateway.auth;

import io.persona.persistence.access.StoredApiKey;

import java.time.Instant;

/** Who a request is from, once its credential was checked. */
public sealed interface Caller {
  /** The cluster's operator key: everything, and not rate limited. */
  record Operator() implements Caller {}

  /** A producer API key. */
  record Producer(StoredApiKey key) implements Caller {
    public boolean has(Scope scope) {
      return key.scopes().contains(scope.wireName()) || key.scopes().contains(Scope.ADMIN.wireName());
    }
  }

  /** An end-user token: that user's own recommendations, profile and live socket only. */
  record EndUser(String userId, Instant expiresAt) implements Caller {}
}
