package io.persona.gateway.auth;

import io.persona.persistence.access.StoredApiKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private final MemoryKeyStore store = new MemoryKeyStore();
  private final ApiKeys keys = new ApiKeys(store);

  @Test
  void aCreatedKeyAuthenticatesAndOnlyItsHashIsStored() {
    ApiKeys.Created created = keys.create("shop backend", EnumSet.of(Scope.EVENTS_WRITE), 0, NOW);
    StoredApiKey found = keys.authenticate(created.text()).orElseThrow();
    assertEquals(Set.of("events:write"), found.scopes());
    String secret = ApiKeySecrets.parse(created.text()).orElseThrow().secret();
    for (StoredApiKey stored : store.all()) {
      assertFalse(new String(stored.secretSha256(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret));
    }
  }

  @Test
  void aWrongSecretOrUnknownIdIsRefused() {
    ApiKeys.Created created = keys.create("a", EnumSet.of(Scope.EVENTS_WRITE), 0, NOW);
    String id = created.stored().id();
    assertTrue(keys.authenticate("pk_" + id + "_" + "A".repeat(43)).isEmpty());
    assertTrue(keys.authenticate("pk_nosuchkey_" + "A".repeat(43)).isEmpty());
    assertTrue(keys.authenticate("not a key").isEmpty());
  }

  @Test
  void aKeyRevokedOnOneNodeIsRefusedByAnotherAfterItsNextRefresh() {
    ApiKeys otherNode = new ApiKeys(store);
    ApiKeys.Created created = keys.create("a", EnumSet.of(Scope.EVENTS_WRITE), 0, NOW);
    otherNode.refresh();
    assertTrue(otherNode.authenticate(created.text()).isPresent());

    assertTrue(keys.revoke(created.stored().id(), NOW).isPresent());
    assertTrue(keys.authenticate(created.text()).isEmpty(), "refused at once where it was revoked");
    assertTrue(otherNode.authenticate(created.text()).isPresent(), "until the other node re-reads");
    otherNode.refresh();
    assertTrue(otherNode.authenticate(created.text()).isEmpty());
    assertTrue(keys.revoke("nosuchkey", NOW).isEmpty());
  }

  @Test
  void ensuringABootstrapKeyDoesNotUndoItsRevocation() {
    String text = ApiKeySecrets.text(ApiKeySecrets.generate());
    assertTrue(keys.ensure(text, "bootstrap", Scope.publicScopes(), NOW));
    assertFalse(keys.ensure(text, "bootstrap", Scope.publicScopes(), NOW), "exists already");
    assertTrue(keys.authenticate(text).isPresent());
    keys.revoke(ApiKeySecrets.parse(text).orElseThrow().id(), NOW);
    assertFalse(keys.ensure(text, "bootstrap", Scope.publicScopes(), NOW.plusSeconds(60)));
    assertTrue(keys.authenticate(text).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> keys.ensure("short", "x", Scope.publicScopes(), NOW));
  }

  @Test
  void theListHoldsRevokedKeysTooOldestFirst() {
    ApiKeys.Created first = keys.create("first", EnumSet.of(Scope.ADMIN), 0, NOW);
    keys.create("second", EnumSet.of(Scope.PROFILES_READ), 10, NOW.plusSeconds(1));
    keys.revoke(first.stored().id(), NOW.plusSeconds(2));
    var listed = keys.list();
    assertEquals(2, listed.size());
    assertEquals("first", listed.get(0).name());
    assertTrue(listed.get(0).revoked());
    assertEquals(10, listed.get(1).requestsPerSecond());
  }
}
