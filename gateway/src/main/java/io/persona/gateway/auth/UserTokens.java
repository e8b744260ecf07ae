package io.persona.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.gateway.json.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * End-user tokens: compact JWTs signed with HMAC-SHA256 ({@code alg} HS256 and nothing else, so a
 * token cannot choose a weaker check), with {@code sub} = the user id and {@code exp} in epoch
 * seconds. A customer's backend can mint them with the shared secret, or call POST /v1/tokens with
 * a producer key. A token lives at most {@code maxTtl}; one claiming a longer life is refused, so a
 * leaked token stays useful for minutes, not forever.
 */
public final class UserTokens {
  /** What checking a token found. */
  public sealed interface Checked {
    /** @param mintedByKey the producer key that minted the token through POST /v1/tokens, if one did */
    record Valid(String userId, Instant expiresAt, Optional<String> mintedByKey) implements Checked {
      public Valid(String userId, Instant expiresAt) {
        this(userId, expiresAt, Optional.empty());
      }
    }

    record Invalid(String reason) implements Checked {}
  }

  public static final String AUDIENCE = "persona";
  private static final int MAX_TOKEN_CHARS = 4096;
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
  private static final String HEADER = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Duration maxTtl;

  public UserTokens(byte[] secret, Duration maxTtl) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the end-user token secret must have at least 32 bytes, has " + secret.length);
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.maxTtl = maxTtl;
  }

  public Duration maxTtl() {
    return maxTtl;
  }

  public String mint(String userId, Duration ttl, Instant now) {
    return mint(userId, ttl, now, Optional.empty());
  }

  /**
   * A token for {@code userId}; {@code mintedByKey}, the id of the producer key that asked for it, is
   * signed in as claim {@code pk}, so that revoking the key ends its tokens too (a token minted with
   * the shared secret by the customer's backend has none, and lives until it expires).
   */
  public String mint(String userId, Duration ttl, Instant now, Optional<String> mintedByKey) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException("ttl must be positive and at most " + maxTtl);
    }
    ObjectNode claims = Json.MAPPER.createObjectNode()
        .put("sub", userId)
        .put("aud", AUDIENCE)
        .put("iat", now.getEpochSecond())
        .put("exp", now.plus(ttl).getEpochSecond());
    mintedByKey.ifPresent(keyId -> claims.put("pk", keyId));
    String signed = HEADER + "." + base64(claims.toString().getBytes(StandardCharsets.UTF_8));
    return signed + "." + base64(sign(signed));
  }

  public Checked check(String token, Instant now) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return new Checked.Invalid("the token is longer than " + MAX_TOKEN_CHARS + " characters");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return new Checked.Invalid("not a token: a JWT has three dot-separated parts");
    }
    JsonNode header;
    JsonNode claims;
    byte[] signature;
    try {
      header = Json.MAPPER.readTree(DECODER.decode(parts[0]));
      claims = Json.MAPPER.readTree(DECODER.decode(parts[1]));
      signature = DECODER.decode(parts[2]);
    } catch (Exception e) { // bad base64 or JSON: the token was not made by anyone holding the secret
      return new Checked.Invalid("the token cannot be decoded");
    }
    if (header == null || !header.path("alg").asText("").equals("HS256")) {
      return new Checked.Invalid("only HS256 tokens are accepted");
    }
    byte[] expected = sign(parts[0] + "." + parts[1]);
    if (!MessageDigest.isEqual(expected, signature)) {
      return new Checked.Invalid("the token's signature is not valid");
    }
    if (claims == null || !claims.path("sub").isTextual() || claims.path("sub").asText().isEmpty()) {
      return new Checked.Invalid("the token has no sub (user id)");
    }
    if (!claims.path("exp").canConvertToLong()) {
      return new Checked.Invalid("the token has no exp");
    }
    if (claims.has("aud") && !audienceIncludesPersona(claims.get("aud"))) {
      return new Checked.Invalid("the token's aud does not include \"" + AUDIENCE + "\"");
    }
    Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
    if (!now.isBefore(expires)) {
      return new Checked.Invalid("the token expired at " + expires);
    }
    if (expires.isAfter(now.plus(maxTtl).plus(CLOCK_SKEW))) {
      return new Checked.Invalid("the token lives longer than the allowed " + maxTtl);
    }
    if (claims.path("nbf").canConvertToLong() && Instant.ofEpochSecond(claims.path("nbf").asLong()).isAfter(now.plus(CLOCK_SKEW))) {
      return new Checked.Invalid("the token is not valid yet (nbf)");
    }
    Optional<String> mintedByKey = claims.path("pk").isTextual() ? Optional.of(claims.get("pk").asText()) : Optional.empty();
    return new Checked.Valid(claims.path("sub").asText(), expires, mintedByKey);
  }

  private static boolean audienceIncludesPersona(JsonNode aud) {
    if (aud.isTextual()) {
      return aud.asText().equals(AUDIENCE);
    }
    if (aud.isArray()) {
      for (JsonNode one : aud) {
        if (one.asText().equals(AUDIENCE)) {
          return true;
        }
      }
    }
    return false;
  }

  private byte[] sign(String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
