package io.persona.tests.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.LiveSocket;
import io.persona.tests.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public API on two real nodes over Cassandra, tried as an attacker would: no credential is a
 * 401 everywhere, a key without the scope a 403, an end-user token opens its own user only (REST and
 * socket), a key revoked on one node is refused by the other within seconds, and a burst over a
 * key's rate gets 429 with Retry-After.
 */
class AccessControlTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static PersonaNode first;
  private static PersonaNode second;
  private static HttpJson operator;

  @BeforeAll
  static void start() {
    first = TestNodes.start();
    String seed = first.system().address().toString();
    second = TestNodes.start(ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes", List.of(seed))));
    operator = new HttpJson(first.httpPort()).asOperator();
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void withoutACredentialEveryPublicEndpointAnswers401() throws Exception {
    HttpJson anonymous = new HttpJson(first.httpPort()).anonymous();
    List<HttpJson.Reply> replies = List.of(
        anonymous.postJson("/v1/events", "[]"),
        anonymous.postJson("/v1/items", "[]"),
        anonymous.post("/v1/import/events", "application/x-ndjson", "{}"),
        anonymous.get("/v1/items/some-item"),
        anonymous.get("/v1/users/alice"),
        anonymous.get("/v1/users/alice/recommendations"),
        anonymous.postJson("/v1/tokens", "{\"userId\":\"alice\"}"),
        anonymous.get("/v1/models"));
    for (HttpJson.Reply reply : replies) {
      assertEquals(401, reply.status(), reply.raw().uri() + ": " + reply.raw().body());
      assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), reply.raw().uri().toString());
      assertEquals("application/problem+json", reply.contentType());
    }
    assertEquals(401, LiveSocket.refusedStatus(first.httpPort(), "/v1/users/alice/live", null));
    assertEquals(401, anonymous.withBearer("pk_nosuchkey_" + "x".repeat(43)).get("/v1/users/alice").status());
  }

  @Test
  void aKeyOpensItsScopesOnlyAndItsSecretIsNeverListed() throws Exception {
    JsonNode created = createKey("events only", List.of("events:write"), null);
    String key = created.get("key").asText();
    HttpJson writer = new HttpJson(first.httpPort()).withBearer(key);
    String suffix = UUID.randomUUID().toString();
    String event = MAPPER.createObjectNode().put("eventId", "acl-" + suffix).put("userId", "acl-user-" + suffix)
        .put("type", "view").put("itemId", "acl-item").put("timestamp", Instant.now().minusSeconds(5).toString())
        .toString();
    HttpJson.Reply posted = writer.postJson("/v1/events", event);
    assertEquals(200, posted.status(), posted.raw().body());
    for (HttpJson.Reply refused : List.of(writer.get("/v1/users/acl-user-" + suffix + "/recommendations"),
        writer.get("/v1/users/acl-user-" + suffix), writer.postJson("/v1/items", "[]"), writer.get("/v1/models"),
        writer.get("/v1/admin/keys"))) {
      assertEquals(403, refused.status(), refused.raw().uri() + ": " + refused.raw().body());
    }
    String listed = operator.get("/v1/admin/keys").raw().body();
    assertTrue(listed.contains(created.get("id").asText()), listed);
    assertFalse(listed.contains(key.substring(key.lastIndexOf('_') + 1)), "a key's secret is never listed");
    assertTrue(listed.contains("\"bootstrap\""), "the configured bootstrap key exists: " + listed);

    HttpJson.Reply badScope = operator.postJson("/v1/admin/keys", "{\"name\":\"x\",\"scopes\":[\"everything\"]}");
    assertEquals(400, badScope.status(), badScope.raw().body());
    assertEquals(403, new HttpJson(first.httpPort()).postJson("/v1/admin/keys",
        "{\"name\":\"x\",\"scopes\":[\"admin\"]}").status(), "a producer key cannot make keys");
  }

  @Test
  void anEndUserTokenOpensItsOwnUserOnRestAndSocketAndNothingElse() throws Exception {
    String alice = "acl-alice-" + UUID.randomUUID();
    String bob = "acl-bob-" + UUID.randomUUID();
    HttpJson.Reply refused = new HttpJson(first.httpPort()).withBearer(
        createKey("reader", List.of("recommendations:read", "profiles:read"), null).get("key").asText())
        .postJson("/v1/tokens", "{\"userId\":\"" + alice + "\"}");
    assertEquals(403, refused.status(), "a token hands on events:write too, which this key lacks");
    HttpJson.Reply minted = new HttpJson(first.httpPort()).postJson("/v1/tokens",
        "{\"userId\":\"" + alice + "\",\"ttlSeconds\":300}");
    assertEquals(201, minted.status(), minted.raw().body());
    String token = minted.json().get("token").asText();
    HttpJson asAlice = new HttpJson(first.httpPort()).withBearer(token);

    assertEquals(200, asAlice.get("/v1/users/" + alice + "/recommendations").status());
    assertNotEquals(403, asAlice.get("/v1/users/" + alice).status());
    assertEquals(403, asAlice.get("/v1/users/" + bob + "/recommendations").status());
    assertEquals(403, asAlice.get("/v1/users/" + bob).status());
    assertEquals(403, asAlice.postJson("/v1/events", "[]").status());
    assertEquals(403, asAlice.get("/v1/items/x").status());
    assertEquals(403, asAlice.postJson("/v1/tokens", "{\"userId\":\"" + bob + "\"}").status());
    assertEquals(200, new HttpJson(second.httpPort()).withBearer(token).get("/v1/users/" + alice + "/recommendations")
        .status(), "every node shares the token secret");

    // a browser cannot set headers on a socket: the token comes in the URL
    try (LiveSocket socket = LiveSocket.openWith(first.httpPort(), "/v1/users/" + alice + "/live?access_token=" + token,
        null)) {
      assertEquals("recommendations", socket.next(Duration.ofSeconds(20)).get("type").asText());
    }
    assertEquals(403, LiveSocket.refusedStatus(first.httpPort(), "/v1/users/" + bob + "/live?access_token=" + token,
        null));
    assertEquals(403, LiveSocket.refusedStatus(first.httpPort(), "/v1/users/" + bob + "/live", token));
    assertEquals(401, LiveSocket.refusedStatus(first.httpPort(),
        "/v1/users/" + alice + "/live?access_token=" + HttpJson.producerKey(), null), "keys never travel in URLs");
  }

  @Test
  void aSocketOpenedWithAReadOnlyKeyReceivesListsButSendsNoEvents() throws Exception {
    String reader = createKey("socket reader", List.of("recommendations:read"), null).get("key").asText();
    String user = "acl-reader-" + UUID.randomUUID();
    try (LiveSocket socket = LiveSocket.openWith(first.httpPort(), "/v1/users/" + user + "/live", reader)) {
      assertEquals("recommendations", socket.next(Duration.ofSeconds(20)).get("type").asText());
      socket.send(MAPPER.createObjectNode().put("eventId", "acl-socket-" + user).put("userId", user)
          .put("type", "view").put("itemId", "acl-item").put("timestamp", Instant.now().toString()).toString());
      JsonNode answer = socket.next("error", Duration.ofSeconds(10));
      assertEquals(403, answer.get("problem").get("status").asInt(), answer.toString());
    }
    assertEquals(404, new HttpJson(first.httpPort()).get("/v1/users/" + user).status(), "nothing was recorded");
  }

  @Test
  void aKeyRevokedOnOneNodeIsRefusedOnTheOtherWithinSeconds() throws Exception {
    JsonNode created = createKey("revoked soon", List.of("recommendations:read"), null);
    HttpJson onFirst = new HttpJson(first.httpPort()).withBearer(created.get("key").asText());
    HttpJson onSecond = new HttpJson(second.httpPort()).withBearer(created.get("key").asText());
    assertEquals(200, onFirst.get("/v1/users/acl-someone/recommendations").status());
    assertTrue(firstAnswerWithin(onSecond, 200, Duration.ofSeconds(10)) >= 0, "the other node learns of a new key");

    assertEquals(200, operator.delete("/v1/admin/keys/" + created.get("id").asText()).status());
    assertEquals(401, onFirst.get("/v1/users/acl-someone/recommendations").status(), "at once where it was revoked");
    long millis = firstAnswerWithin(onSecond, 401, Duration.ofSeconds(10));
    assertTrue(millis >= 0, "the other node still accepts the revoked key after 10 s");
    System.out.println("revoked key refused by the other node after " + millis + " ms");
    assertEquals(404, operator.delete("/v1/admin/keys/nosuchkey").status());
  }

  @Test
  void revokingAKeyClosesItsOpenSocketsAndEndsTheTokensItMinted() throws Exception {
    JsonNode created = createKey("revoked with its sockets", List.of("recommendations:read", "profiles:read",
        "events:write"), null);
    String key = created.get("key").asText();
    String user = "acl-revoked-" + UUID.randomUUID();
    HttpJson.Reply minted = new HttpJson(first.httpPort()).withBearer(key)
        .postJson("/v1/tokens", "{\"userId\":\"" + user + "\",\"ttlSeconds\":300}");
    assertEquals(201, minted.status(), minted.raw().body());
    String token = minted.json().get("token").asText();
    HttpJson asUser = new HttpJson(second.httpPort()).withBearer(token);
    assertEquals(200, asUser.get("/v1/users/" + user + "/recommendations").status(),
        "the token is accepted on the other node, whether or not that node has read its new key yet");
    assertTrue(firstAnswerWithin(new HttpJson(second.httpPort()).withBearer(key), 200, Duration.ofSeconds(10)) >= 0,
        "the other node learns of the new key");

    try (LiveSocket withKey = LiveSocket.openWith(second.httpPort(), "/v1/users/" + user + "/live", key);
         LiveSocket withToken = LiveSocket.openWith(second.httpPort(), "/v1/users/" + user + "/live?access_token="
             + token, null)) {
      assertEquals("recommendations", withKey.next(Duration.ofSeconds(20)).get("type").asText());
      assertEquals("recommendations", withToken.next(Duration.ofSeconds(20)).get("type").asText());

      assertEquals(200, operator.delete("/v1/admin/keys/" + created.get("id").asText()).status()); // on the other node
      for (LiveSocket socket : List.of(withKey, withToken)) {
        JsonNode ended = socket.next("error", Duration.ofSeconds(15));
        assertEquals(401, ended.get("problem").get("status").asInt(), ended.toString());
        assertTrue(socket.awaitClosed(Duration.ofSeconds(10)) >= 0, "the socket closes after saying why");
      }
    }
    assertEquals(401, asUser.get("/v1/users/" + user + "/recommendations").status(),
        "a token minted by a revoked key is refused too");
  }

  @Test
  void tenThousandMadeUpItemIdsGrowNoSignalsOnAnyNode() throws Exception {
    List<HttpJson> nodes = List.of(operator, new HttpJson(second.httpPort()).asOperator());
    String sentinel = "acl-signal-item-" + UUID.randomUUID();
    List<Integer> itemsBefore = new java.util.ArrayList<>();
    for (HttpJson node : nodes) {
      itemsBefore.add(node.get("/v1/admin/serving").json().get("catalog").get("items").asInt());
    }
    assertEquals(200, operator.postJson("/v1/items", "[{\"itemId\":\"" + sentinel + "\",\"category\":\"c\"}]")
        .status());
    for (int n = 0; n < nodes.size(); n++) { // the sentinel's event must find it catalogued on both nodes
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (nodes.get(n).get("/v1/admin/serving").json().get("catalog").get("items").asInt() <= itemsBefore.get(n)) {
        assertTrue(System.nanoTime() < deadline, "node " + n + " never held the sentinel item");
        Thread.sleep(100);
      }
    }
    List<JsonNode> before = new java.util.ArrayList<>();
    for (HttpJson node : nodes) {
      before.add(node.get("/v1/admin/serving").json().get("signals"));
    }

    // 20 users with 500 made-up items each, in requests of 100 (a user's events are persisted one
    // after another), the users side by side
    java.util.concurrent.ExecutorService producers = java.util.concurrent.Executors.newFixedThreadPool(5);
    try {
      List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
      for (int user = 0; user < 20; user++) {
        String userId = "acl-made-up-" + user + "-" + UUID.randomUUID();
        java.util.SplittableRandom random = new java.util.SplittableRandom(user);
        sent.add(producers.submit(() -> {
          for (int request = 0; request < 5; request++) {
            var events = MAPPER.createArrayNode();
            for (int i = 0; i < 100; i++) {
              events.addObject().put("eventId", UUID.randomUUID().toString()).put("userId", userId)
                  .put("type", "view").put("itemId", "made-up-" + Long.toHexString(random.nextLong()))
                  .put("timestamp", Instant.now().toString());
            }
            postResendingUnconfirmed(events.toString());
          }
          // then the same user acts on the catalogued sentinel: its activity follows the made-up ones
          postResendingUnconfirmed(MAPPER.createObjectNode().put("eventId", UUID.randomUUID().toString())
              .put("userId", userId).put("type", "view").put("itemId", sentinel)
              .put("timestamp", Instant.now().toString()).toString());
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> user : sent) {
        user.get(120, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      producers.shutdownNow();
    }

    for (int n = 0; n < nodes.size(); n++) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      JsonNode after = nodes.get(n).get("/v1/admin/serving").json().get("signals");
      while (after.get("trendingItems").asInt() <= before.get(n).get("trendingItems").asInt()) {
        assertTrue(System.nanoTime() < deadline, "node " + n + " never counted the sentinel: " + after);
        Thread.sleep(200);
        after = nodes.get(n).get("/v1/admin/serving").json().get("signals");
      }
      Thread.sleep(1000); // the last users' sentinel events, if they came by another route
      after = nodes.get(n).get("/v1/admin/serving").json().get("signals");
      for (String table : List.of("itemsWithCounts", "coVisitationRows", "trendingItems")) {
        assertTrue(after.get(table).asInt() <= before.get(n).get(table).asInt() + 1,
            "node " + n + ": " + table + " grew from " + before.get(n) + " to " + after);
      }
    }
  }

  @Test
  void aBurstOverAKeysRateGets429WithRetryAfter() throws Exception {
    JsonNode created = createKey("slow producer", List.of("recommendations:read"), 5);
    HttpJson slow = new HttpJson(first.httpPort()).withBearer(created.get("key").asText());
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 40; i++) {
      HttpJson.Reply reply = slow.get("/v1/items/acl-unknown-item");
      if (reply.status() == 429) {
        limited++;
        retryAfter = reply.header("Retry-After");
      } else {
        assertEquals(404, reply.status(), reply.raw().body());
      }
    }
    assertTrue(limited >= 20, limited + " of 40 were limited");
    assertNotNull(retryAfter);
    assertTrue(Integer.parseInt(retryAfter) >= 1);
  }

  /** As a producer does: a batch answered 503 is sent again as it was (its events are idempotent). */
  private static void postResendingUnconfirmed(String body) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      HttpJson.Reply reply = operator.postJson("/v1/events", body);
      if (reply.status() == 200) {
        return;
      }
      assertTrue(reply.status() == 503 && attempt < 20, reply.status() + " " + reply.raw().body());
      Thread.sleep(500);
    }
  }

  private static JsonNode createKey(String name, List<String> scopes, Integer perSecond) {
    var body = MAPPER.createObjectNode().put("name", name);
    scopes.forEach(body.putArray("scopes")::add);
    if (perSecond != null) {
      body.put("requestsPerSecond", perSecond);
    }
    HttpJson.Reply reply = operator.postJson("/v1/admin/keys", body.toString());
    assertEquals(201, reply.status(), reply.raw().body());
    return reply.json();
  }

  /** Milliseconds until {@code client} first gets {@code status}, or -1 if not within {@code limit}. */
  private static long firstAnswerWithin(HttpJson client, int status, Duration limit) throws InterruptedException {
    long start = System.nanoTime();
    while (System.nanoTime() - start < limit.toNanos()) {
      if (client.get("/v1/users/acl-someone/recommendations").status() == status) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Thread.sleep(100);
    }
    return -1;
  }
}
