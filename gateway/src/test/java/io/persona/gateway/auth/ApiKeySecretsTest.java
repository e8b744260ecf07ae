package io.persona.gateway.auth;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeySecretsTest {
  @Test
  void aGeneratedKeyParsesBackIntoItsParts() {
    ApiKeySecrets.Presented key = ApiKeySecrets.generate();
    String text = ApiKeySecrets.text(key);
    assertTrue(text.startsWith("pk_"), text);
    assertEquals(key, ApiKeySecrets.parse(text).orElseThrow());
    assertEquals(32, ApiKeySecrets.sha256(key.secret()).length);
  }

  @Test
  void generatedKeysDiffer() {
    Set<String> texts = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      texts.add(ApiKeySecrets.text(ApiKeySecrets.generate()));
    }
    assertEquals(1000, texts.size());
  }

  @Test
  void otherFormsAreNotKeys() {
    for (String text : new String[] {"", "pk_", "pk_abc", "pk_abc_short", "pk_ABC_" + "x".repeat(40),
        "sk_abc_" + "x".repeat(40), "pk__" + "x".repeat(40), "Bearer pk_abc_" + "x".repeat(40)}) {
      assertTrue(ApiKeySecrets.parse(text).isEmpty(), text);
    }
    assertTrue(ApiKeySecrets.parse("pk_abc_" + "x_y-".repeat(10)).isPresent(), "a secret may hold _ and -");
  }

  @Test
  void aPresentedKeyNeverShowsItsSecret() {
    ApiKeySecrets.Presented key = ApiKeySecrets.generate();
    assertTrue(!key.toString().contains(key.secret()));
  }
}
