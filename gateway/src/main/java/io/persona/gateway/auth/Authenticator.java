package io.persona.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns a presented bearer credential into a {@link Caller}: the operator key, a producer key
 * ({@code pk_...}) or an end-user token (a JWT), told apart by their form.
 */
public final class Authenticator {
  /** What a presented credential turned out to be. */
  public sealed interface Result {
    record Known(Caller caller) implements Result {}

    record Refused(String reason) implements Result {}
  }

  private final byte[] operatorKey;
  private final ApiKeys keys;
  private final Optional<UserTokens> tokens;
  private final Clock clock;

  /**
   * @param operatorKey empty: no operator key is accepted
   * @param tokens      empty: no end-user token is accepted
   */
  public Authenticator(String operatorKey, ApiKeys keys, Optional<UserTokens> tokens, Clock clock) {
    this.operatorKey = operatorKey.getBytes(StandardCharsets.UTF_8);
    this.keys = keys;
    this.tokens = tokens;
    this.clock = clock;
  }

  public Result authenticate(String presented) {
    // constant time: the comparison must not tell how much of a guessed key was right
    if (operatorKey.length > 0 && MessageDigest.isEqual(operatorKey, presented.getBytes(StandardCharsets.UTF_8))) {
      return new Result.Known(new Caller.Operator());
    }
    if (ApiKeySecrets.looksLikeKey(presented)) {
      return keys.authenticate(presented)
          .<Result>map(key -> new Result.Known(new Caller.Producer(key)))
          .orElseGet(() -> new Result.Refused("unknown or revoked API key"));
    }
    if (presented.chars().filter(c -> c == '.').count() == 2) {
      if (tokens.isEmpty()) {
        return new Result.Refused("this cluster accepts no end-user tokens");
      }
      UserTokens.Checked checked = tokens.get().check(presented, clock.instant());
      if (checked instanceof UserTokens.Checked.Valid valid) {
        // the claim is signed: only this cluster (or the holder of its secret) could have named the key
        if (valid.mintedByKey().isPresent() && keys.revoked(valid.mintedByKey().get())) {
          return new Result.Refused("the API key that minted this token was revoked");
        }
        return new Result.Known(new Caller.EndUser(valid.userId(), valid.expiresAt()));
      }
      return new Result.Refused(((UserTokens.Checked.Invalid) checked).reason());
    }
    return new Result.Refused("not an API key, operator key or end-user token");
  }
}
