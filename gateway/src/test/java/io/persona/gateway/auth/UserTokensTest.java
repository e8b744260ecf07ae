package io.persona.gateway.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserTokensTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private final UserTokens tokens = new UserTokens(SECRET, Duration.ofHours(24));

  @Test
  void aMintedTokenNamesItsUserUntilItExpires() {
    String token = tokens.mint("Zoë/42", Duration.ofMinutes(15), NOW);
    UserTokens.Checked checked = tokens.check(token, NOW.plusSeconds(60));
    assertEquals(new UserTokens.Checked.Valid("Zoë/42", NOW.plus(Duration.ofMinutes(15))), checked);
    assertInstanceOf(UserTokens.Checked.Invalid.class, tokens.check(token, NOW.plus(Duration.ofMinutes(15))));
  }

  @Test
  void aTokenMintedForAKeyNamesTheKeySoRevokingItEndsTheToken() {
    String token = tokens.mint("alice", Duration.ofMinutes(15), NOW, java.util.Optional.of("k123"));
    assertEquals(new UserTokens.Checked.Valid("alice", NOW.plus(Duration.ofMinutes(15)), java.util.Optional.of("k123")),
        tokens.check(token, NOW));
    ApiKeys keys = new ApiKeys(new MemoryKeyStore());
    ApiKeys.Created key = keys.create("minter", java.util.EnumSet.of(Scope.RECOMMENDATIONS_READ), 0, NOW);
    Authenticator authenticator = new Authenticator("", keys, java.util.Optional.of(tokens),
        java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    String minted = tokens.mint("alice", Duration.ofMinutes(15), NOW, java.util.Optional.of(key.stored().id()));
    assertInstanceOf(Authenticator.Result.Known.class, authenticator.authenticate(minted));
    assertInstanceOf(Authenticator.Result.Known.class, authenticator.authenticate(token),
        "a key not read here yet (made on another node a moment ago) ends nothing");
    keys.revoke(key.stored().id(), NOW);
    assertInstanceOf(Authenticator.Result.Refused.class, authenticator.authenticate(minted));
  }

  @Test
  void aChangedClaimBreaksTheSignature() {
    String token = tokens.mint("alice", Duration.ofMinutes(15), NOW);
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + encode("{\"sub\":\"bob\",\"exp\":" + NOW.plusSeconds(600).getEpochSecond() + "}")
        + "." + parts[2];
    assertInvalid(forged, "signature");
  }

  @Test
  void anotherSecretsTokenIsRefused() {
    UserTokens other = new UserTokens("another-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8),
        Duration.ofHours(24));
    assertInvalid(other.mint("alice", Duration.ofMinutes(5), NOW), "signature");
  }

  @Test
  void onlyHs256IsAccepted() {
    String payload = encode("{\"sub\":\"alice\",\"exp\":" + NOW.plusSeconds(600).getEpochSecond() + "}");
    assertInvalid(encode("{\"alg\":\"none\"}") + "." + payload + ".", "HS256");
    assertInvalid(encode("{\"alg\":\"HS512\"}") + "." + payload + ".abc", "HS256");
  }

  @Test
  void aTokenLivingLongerThanAllowedIsRefused() {
    UserTokens lenient = new UserTokens(SECRET, Duration.ofDays(30));
    assertInvalid(lenient.mint("alice", Duration.ofDays(7), NOW), "longer");
    assertThrows(IllegalArgumentException.class, () -> tokens.mint("alice", Duration.ofDays(2), NOW));
  }

  @Test
  void malformedTokensAreRefusedWithAReason() {
    for (String token : new String[] {"a.b", "a.b.c.d", "!!!.???.***", "..", "x".repeat(5000)}) {
      assertInstanceOf(UserTokens.Checked.Invalid.class, tokens.check(token, NOW), token);
    }
  }

  @Test
  void aShortSecretIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new UserTokens(new byte[16], Duration.ofHours(1)));
  }

  private void assertInvalid(String token, String reasonPart) {
    UserTokens.Checked checked = tokens.check(token, NOW);
    assertInstanceOf(UserTokens.Checked.Invalid.class, checked);
    assertTrue(((UserTokens.Checked.Invalid) checked).reason().contains(reasonPart), checked.toString());
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
