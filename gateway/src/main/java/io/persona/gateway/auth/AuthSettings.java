package io.persona.gateway.auth;

import com.typesafe.config.Config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code persona.auth}: who may call the public API.
 *
 * @param enabled            false only where every client is trusted: the public API then asks for no credential
 * @param bootstrapKey       a producer key (every public scope) this node makes sure exists; empty: none
 * @param developmentKeyFile where a local profile keeps the development key it generates; empty: none
 * @param refreshInterval    how often every node re-reads the keys: a revocation reaches every node within it
 * @param requestsPerSecond  each key's requests per second on each node unless the key has its own limit
 * @param userRequestsPerSecond each end-user token user's requests per second on each node
 * @param userTokenSecret    the HMAC secret of end-user tokens; empty: the cluster generates and keeps one
 */
public record AuthSettings(
    boolean enabled,
    String bootstrapKey,
    String developmentKeyFile,
    Duration refreshInterval,
    int requestsPerSecond,
    int userRequestsPerSecond,
    String userTokenSecret,
    Duration defaultTokenTtl,
    Duration maxTokenTtl) {

  public AuthSettings {
    if (requestsPerSecond < 1 || userRequestsPerSecond < 1) {
      throw new IllegalArgumentException("persona.auth.requests-per-second and user-requests-per-second must be at least 1");
    }
    if (!userTokenSecret.isEmpty() && userTokenSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("persona.auth.user-tokens.secret (PERSONA_USER_TOKEN_SECRET) must have at "
          + "least 32 bytes: a shorter HMAC key can be guessed");
    }
    if (!bootstrapKey.isEmpty() && ApiKeySecrets.parse(bootstrapKey).isEmpty()) {
      throw new IllegalArgumentException("persona.auth.bootstrap-key (PERSONA_BOOTSTRAP_KEY) is not a producer key; "
          + "the form is " + ApiKeySecrets.expectedForm());
    }
    if (defaultTokenTtl.compareTo(maxTokenTtl) > 0) {
      throw new IllegalArgumentException("persona.auth.user-tokens.default-ttl exceeds max-ttl");
    }
  }

  public static AuthSettings fromConfig(Config config) {
    Config c = config.getConfig("persona.auth");
    return new AuthSettings(
        c.getBoolean("enabled"),
        c.getString("bootstrap-key"),
        c.getString("development-key-file"),
        c.getDuration("refresh-interval"),
        c.getInt("requests-per-second"),
        c.getInt("user-requests-per-second"),
        c.getString("user-tokens.secret"),
        c.getDuration("user-tokens.default-ttl"),
        c.getDuration("user-tokens.max-ttl"));
  }

  @Override
  public String toString() {
    // never log a secret
    return "AuthSettings[enabled=" + enabled + ", bootstrapKey=" + (bootstrapKey.isEmpty() ? "<none>" : "<set>")
        + ", developmentKeyFile=" + developmentKeyFile + ", refreshInterval=" + refreshInterval
        + ", requestsPerSecond=" + requestsPerSecond + ", userTokenSecret="
        + (userTokenSecret.isEmpty() ? "<cluster-generated>" : "<set>") + "]";
  }
}
