package io.persona.gateway.http;

import io.persona.gateway.auth.ApiKeys;
import io.persona.gateway.auth.Authenticator;
import io.persona.gateway.auth.KeyRates;
import io.persona.gateway.auth.MemoryKeyStore;
import io.persona.gateway.auth.Scope;
import io.persona.gateway.auth.UserTokens;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may call what, through real HTTP: 401 without or with a bad credential, 403 without the scope, 429 over the rate. */
class AccessTest extends AllDirectives {
  private static final String OPERATOR = "operator-key-for-tests";
  private static final HttpClient client = HttpClient.newHttpClient();
  private static ActorSystem<Void> system;
  private static ServerBinding binding;
  private static ServerBinding open;
  private static final ApiKeys keys = new ApiKeys(new MemoryKeyStore());
  private static final UserTokens tokens =
      new UserTokens("a-secret-of-32-bytes-for-the-tests".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1));

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "access-test");
    binding = bind(true);
    open = bind(false);
  }

  private static ServerBinding bind(boolean enabled) throws Exception {
    Access access = new Access(enabled, new Authenticator(OPERATOR, keys, Optional.of(tokens), Clock.systemUTC()),
        new KeyRates(), 1000, 5, System::nanoTime);
    AccessTest d = new AccessTest();
    Route publicApi = d.concat(
        d.path("events", () -> access.require(Scope.EVENTS_WRITE, () -> d.complete("written"))),
        d.path(PathMatchers.segment("users").slash(PathMatchers.segment()), user ->
            access.forUser(user, Scope.PROFILES_READ, () -> d.complete("profile of " + user))),
        d.path(PathMatchers.segment("users").slash(PathMatchers.segment()).slash("live"), user ->
            access.forUserSocket(user, grant -> d.complete("socket of " + user + (grant.mayWriteEvents() ? " (writes)" : "")))),
        d.path("tokens", () -> access.requireAll(EnumSet.of(Scope.RECOMMENDATIONS_READ, Scope.PROFILES_READ),
            () -> d.complete("minted"))),
        d.path(PathMatchers.segment("previews").slash(PathMatchers.segment()), user ->
            access.forUser(user, Scope.RECOMMENDATIONS_READ,
                () -> access.operator("preview=true", () -> d.complete("preview of " + user)))));
    Route admin = d.path(PathMatchers.segment("admin").slash("x"), () -> d.complete("admin"));
    Route routes = new PersonaRoutes(publicApi, admin, access, new Cors("https://shop.example"), d.reject(),
        Duration.ofSeconds(2)).route();
    return Http.get(system).newServerAt("127.0.0.1", 0).bind(routes).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void withoutACredentialA401WithAChallenge() throws Exception {
    HttpResponse<String> reply = get(binding, "/v1/events", null);
    assertEquals(401, reply.statusCode());
    assertTrue(reply.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertEquals(401, get(binding, "/v1/events", "pk_nosuchkey_" + "x".repeat(43)).statusCode());
    assertEquals(401, get(binding, "/v1/events", "garbage").statusCode());
  }

  @Test
  void aKeyOpensOnlyItsScopes() throws Exception {
    String writer = keys.create("writer", EnumSet.of(Scope.EVENTS_WRITE), 0, Instant.now()).text();
    assertEquals(200, get(binding, "/v1/events", writer).statusCode());
    HttpResponse<String> profile = get(binding, "/v1/users/alice", writer);
    assertEquals(403, profile.statusCode());
    assertTrue(profile.body().contains("profiles:read"), profile.body());
    assertEquals(403, get(binding, "/v1/admin/x", writer).statusCode());

    String admin = keys.create("admin", EnumSet.of(Scope.ADMIN), 0, Instant.now()).text();
    assertEquals(200, get(binding, "/v1/users/alice", admin).statusCode(), "admin implies every scope");
    assertEquals(200, get(binding, "/v1/admin/x", admin).statusCode());
    assertEquals(200, get(binding, "/v1/events", OPERATOR).statusCode(), "the operator key opens everything");
  }

  @Test
  void anOptionForOperatorsOnlyIsRefusedToOtherCallersByName() throws Exception {
    String reader = keys.create("reader", EnumSet.of(Scope.RECOMMENDATIONS_READ), 0, Instant.now()).text();
    HttpResponse<String> byReader = get(binding, "/v1/previews/alice", reader);
    assertEquals(403, byReader.statusCode());
    assertTrue(byReader.body().contains("preview=true"), byReader.body());
    String alice = tokens.mint("alice", Duration.ofMinutes(5), Instant.now());
    assertEquals(403, get(binding, "/v1/previews/alice", alice).statusCode(), "not even the user's own token");
    String admin = keys.create("admin-2", EnumSet.of(Scope.ADMIN), 0, Instant.now()).text();
    assertEquals(200, get(binding, "/v1/previews/alice", admin).statusCode());
    assertEquals(200, get(binding, "/v1/previews/alice", OPERATOR).statusCode());
    assertEquals(401, get(open, "/v1/previews/alice", null).statusCode(), "with auth off, too");
  }

  @Test
  void aRevokedKeyIsRefused() throws Exception {
    ApiKeys.Created created = keys.create("soon revoked", EnumSet.of(Scope.EVENTS_WRITE), 0, Instant.now());
    assertEquals(200, get(binding, "/v1/events", created.text()).statusCode());
    keys.revoke(created.stored().id(), Instant.now());
    assertEquals(401, get(binding, "/v1/events", created.text()).statusCode());
  }

  @Test
  void anEndUserTokenOpensItsOwnUserOnly() throws Exception {
    String alice = tokens.mint("alice", Duration.ofMinutes(5), Instant.now());
    assertEquals("profile of alice", get(binding, "/v1/users/alice", alice).body());
    assertEquals(403, get(binding, "/v1/users/bob", alice).statusCode());
    assertEquals(403, get(binding, "/v1/events", alice).statusCode());
    assertEquals(403, get(binding, "/v1/admin/x", alice).statusCode());
    // a browser's socket: the token as a query parameter or a subprotocol, on the socket only
    assertEquals(200, get(binding, "/v1/users/alice/live?access_token=" + alice, null).statusCode());
    assertEquals(403, get(binding, "/v1/users/bob/live?access_token=" + alice, null).statusCode());
    assertEquals(401, get(binding, "/v1/users/alice?access_token=" + alice, null).statusCode());
    HttpResponse<String> protocol = send(binding, "/v1/users/alice/live", null,
        List.of("Sec-WebSocket-Protocol", "persona.v1, bearer." + alice));
    assertEquals(200, protocol.statusCode(), protocol.body());
    String expired = tokens.mint("alice", Duration.ofSeconds(1), Instant.now().minusSeconds(10));
    HttpResponse<String> late = get(binding, "/v1/users/alice", expired);
    assertEquals(401, late.statusCode());
    assertTrue(late.body().contains("expired"), late.body());
  }

  @Test
  void keysNeverTravelInUrlsAndASocketWritesOnlyWithEventsWrite() throws Exception {
    String reader = keys.create("reader", EnumSet.of(Scope.RECOMMENDATIONS_READ), 0, Instant.now()).text();
    assertEquals(401, get(binding, "/v1/users/alice/live?access_token=" + reader, null).statusCode());
    assertEquals(401, get(binding, "/v1/users/alice/live?access_token=" + OPERATOR, null).statusCode());
    assertEquals("socket of alice", get(binding, "/v1/users/alice/live", reader).body());
    String both = keys.create("both", EnumSet.of(Scope.RECOMMENDATIONS_READ, Scope.EVENTS_WRITE), 0, Instant.now()).text();
    assertEquals("socket of alice (writes)", get(binding, "/v1/users/alice/live", both).body());
    String alice = tokens.mint("alice", Duration.ofMinutes(5), Instant.now());
    assertEquals("socket of alice (writes)", get(binding, "/v1/users/alice/live?access_token=" + alice, null).body());
  }

  @Test
  void mintingNeedsEveryScopeTheTokenHandsOn() throws Exception {
    String reader = keys.create("reader only", EnumSet.of(Scope.RECOMMENDATIONS_READ), 0, Instant.now()).text();
    assertEquals(403, get(binding, "/v1/tokens", reader).statusCode());
    String both = keys.create("reader of both", EnumSet.of(Scope.RECOMMENDATIONS_READ, Scope.PROFILES_READ), 0,
        Instant.now()).text();
    assertEquals(200, get(binding, "/v1/tokens", both).statusCode());
  }

  @Test
  void anEndUserTokensUserHasARateToo() throws Exception {
    String carol = tokens.mint("carol", Duration.ofMinutes(5), Instant.now());
    int limited = 0;
    for (int i = 0; i < 15; i++) {
      limited += get(binding, "/v1/users/carol", carol).statusCode() == 429 ? 1 : 0;
    }
    assertTrue(limited >= 5, limited + " of 15 limited at 5 a second");
  }

  @Test
  void aKeyOverItsRateGets429WithRetryAfter() throws Exception {
    String slow = keys.create("slow", EnumSet.of(Scope.EVENTS_WRITE), 3, Instant.now()).text();
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> reply = get(binding, "/v1/events", slow);
      if (reply.statusCode() == 429) {
        limited++;
        retryAfter = reply.headers().firstValue("Retry-After").orElse(null);
      }
    }
    assertTrue(limited >= 6, limited + " of 10 limited");
    assertEquals("1", retryAfter);
  }

  @Test
  void withAuthOffThePublicApiIsOpenButTheOperatorEndpointsAreNot() throws Exception {
    assertEquals(200, get(open, "/v1/events", null).statusCode());
    assertEquals(401, get(open, "/v1/admin/x", null).statusCode());
    assertEquals(403, get(open, "/v1/admin/x", "wrong").statusCode());
    assertEquals(200, get(open, "/v1/admin/x", OPERATOR).statusCode());
  }

  @Test
  void corsAnswersAllowedOriginsOnly() throws Exception {
    HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(uri(binding, "/v1/users/alice"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://shop.example").header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, preflight.statusCode());
    assertEquals("https://shop.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));

    HttpResponse<String> refused = send(binding, "/v1/events", null, List.of("Origin", "https://shop.example"));
    assertEquals(401, refused.statusCode());
    assertNotNull(refused.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
        "a browser must be able to read the error");
    HttpResponse<String> other = send(binding, "/v1/events", OPERATOR, List.of("Origin", "https://evil.example"));
    assertEquals(200, other.statusCode());
    assertNull(other.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
  }

  private static HttpResponse<String> get(ServerBinding server, String path, String bearer) throws Exception {
    return send(server, path, bearer, List.of());
  }

  private static HttpResponse<String> send(ServerBinding server, String path, String bearer, List<String> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(10));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    for (int i = 0; i < headers.size(); i += 2) {
      request.header(headers.get(i), headers.get(i + 1));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(ServerBinding server, String path) {
    return URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path);
  }
}
