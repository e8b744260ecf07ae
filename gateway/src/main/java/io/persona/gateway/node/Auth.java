package io.persona.gateway.node;

import io.persona.gateway.auth.ApiKeys;
import io.persona.gateway.auth.AuthSettings;
import io.persona.gateway.auth.Authenticator;
import io.persona.gateway.auth.DevelopmentKey;
import io.persona.gateway.auth.KeyRates;
import io.persona.gateway.auth.Scope;
import io.persona.gateway.auth.UserTokens;
import io.persona.gateway.http.Access;
import io.persona.persistence.access.ApiKeyRepository;
import io.persona.persistence.access.ClusterSecretRepository;
import io.persona.persistence.access.StoredApiKey;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's access control: the producer keys (loaded at start, re-read every
 * {@code persona.auth.refresh-interval} so revocations reach this node), the bootstrap or
 * development key made sure of, the end-user token secret (configured, or generated once for the
 * whole cluster and kept in Cassandra), and the {@link Access} directives built from them.
 */
final class Auth implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Auth.class);
  static final String TOKEN_SECRET_NAME = "user-token-hmac-sha256";
  /** Longer than any bucket takes to refill, so a dropped bucket is one that would be full anyway. */
  private static final Duration IDLE_BUCKETS = Duration.ofMinutes(1);

  private final Access access;
  private final ApiKeys keys;
  private final UserTokens tokens;
  private final Optional<String> developmentKey;
  private final Cancellable refresh;

  private Auth(Access access, ApiKeys keys, UserTokens tokens, Optional<String> developmentKey, Cancellable refresh) {
    this.access = access;
    this.keys = keys;
    this.tokens = tokens;
    this.developmentKey = developmentKey;
    this.refresh = refresh;
  }

  static Auth start(ActorSystem<?> system, Storage storage, AuthSettings settings, String operatorKey) {
    ApiKeyRepository repository = new ApiKeyRepository(storage.session(), storage.keyspace());
    ApiKeys keys = new ApiKeys(new ApiKeys.Store() {
      @Override
      public List<StoredApiKey> all() {
        return repository.all();
      }

      @Override
      public boolean insertIfAbsent(StoredApiKey key) {
        return repository.insertIfAbsent(key);
      }

      @Override
      public boolean revoke(String id, Instant at) {
        return repository.revoke(id, at);
      }
    });
    keys.refresh();
    Optional<String> bootstrap = DevelopmentKey.resolve(settings);
    bootstrap.ifPresent(key -> {
      String name = settings.bootstrapKey().isEmpty() ? "development" : "bootstrap";
      if (keys.ensure(key, name, Scope.publicScopes(), Instant.now())) {
        log.info("Created the {} API key with scopes {}", name, Scope.publicScopes());
      }
    });
    byte[] secret = settings.userTokenSecret().isEmpty()
        ? new ClusterSecretRepository(storage.session(), storage.keyspace()).getOrCreate(TOKEN_SECRET_NAME, Auth::randomSecret)
        : settings.userTokenSecret().getBytes(StandardCharsets.UTF_8);
    UserTokens tokens = new UserTokens(secret, settings.maxTokenTtl());
    KeyRates rates = new KeyRates();
    Access access = new Access(settings.enabled(),
        new Authenticator(operatorKey, keys, Optional.of(tokens), Clock.systemUTC()), rates,
        settings.requestsPerSecond(), settings.userRequestsPerSecond(), System::nanoTime);
    if (!settings.enabled()) {
      log.warn("persona.auth.enabled is false: the public API accepts requests without credentials");
    }
    AtomicBoolean failing = new AtomicBoolean();
    Cancellable refresh = system.scheduler().scheduleWithFixedDelay(settings.refreshInterval(),
        settings.refreshInterval(), () -> {
          rates.forgetIdle(System.nanoTime(), IDLE_BUCKETS);
          try {
            keys.refresh();
            if (failing.getAndSet(false)) {
              log.info("API keys re-read again");
            }
          } catch (RuntimeException e) {
            // the keys last read stay in force; a revocation waits until Cassandra answers again
            if (!failing.getAndSet(true)) {
              log.warn("Cannot re-read the API keys ({}); serving with the keys last read", e.toString());
            }
          }
        }, system.dispatchers().lookup(Learning.DISPATCHER));
    Optional<String> developmentKey = bootstrap.filter(key -> settings.bootstrapKey().isEmpty());
    if (developmentKey.isPresent() && keys.authenticate(developmentKey.get()).isEmpty()) {
      log.warn("The development key in {} was revoked; delete that file and restart for a new one",
          settings.developmentKeyFile());
      developmentKey = Optional.empty();
    }
    return new Auth(access, keys, tokens, developmentKey, refresh);
  }

  /** 32 random bytes: a new cluster secret. */
  static byte[] randomSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return secret;
  }

  Access access() {
    return access;
  }

  ApiKeys keys() {
    return keys;
  }

  UserTokens tokens() {
    return tokens;
  }

  /** The development key of a local profile, to show its user; empty elsewhere. */
  Optional<String> developmentKey() {
    return developmentKey;
  }

  @Override
  public void close() {
    refresh.cancel();
  }
}
