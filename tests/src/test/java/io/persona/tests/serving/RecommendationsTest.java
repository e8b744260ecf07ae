package io.persona.tests.serving;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.persona.gateway.node.PersonaNode;
import io.persona.models.features.FeatureBatch;
import io.persona.models.ranking.Ranker;
import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.predictions.PredictionLogRepository;
import io.persona.persistence.timelog.TimeLogSettings;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.LiveSocket;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Serving on one node over the real Cassandra node: cold start, events that change the next list,
 * live pushes over WebSocket, and complete prediction-log rows.
 */
@ExtendWith(SharedCassandra.class)
class RecommendationsTest {
  static final Set<String> SOURCES = Set.of("ann", "co_visitation", "trending", "fresh");
  static final Duration WAIT = Duration.ofSeconds(15);

  static PersonaNode node;
  static HttpJson http;
  static CqlSession session;
  static ServingCatalog catalog;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    http = new HttpJson(node.httpPort());
    session = CassandraSessions.connect(SharedCassandra.settings());
    catalog = ServingCatalog.create(http, 5, 12);
  }

  @AfterAll
  static void stop() {
    if (session != null) {
      session.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anUnknownUserGetsColdStartRecommendationsFromThePopularityRanker() {
    String user = "cold-" + UUID.randomUUID();
    HttpJson.Reply reply = http.get("/v1/users/" + user + "/recommendations?k=6&device=mobile");
    assertEquals(200, reply.status(), reply.raw().body());
    JsonNode body = reply.json();
    assertEquals(user, body.get("userId").asText());
    assertEquals("popularity", body.get("modelKind").asText());
    assertFalse(body.get("requestId").asText().isEmpty());
    assertTrue(body.get("candidates").asInt() > 0);
    List<String> ids = itemIds(body);
    assertEquals(6, ids.size(), body.toString());
    assertEquals(ids.size(), new HashSet<>(ids).size(), "no item twice");
    for (JsonNode item : body.get("items")) {
      assertTrue(SOURCES.contains(item.get("source").asText()), item.toString());
      double score = item.get("score").asDouble();
      assertTrue(score > 0 && score < 1, "a calibrated probability: " + score);
    }
    assertEquals(0, body.get("items").get(0).get("position").asInt());
    // no history model: a list asked in the retrieval order is the served ranker's too
    JsonNode retrievalOrder = http.get("/v1/users/" + user + "/recommendations?k=6&order=retrieval").json();
    assertEquals("popularity", retrievalOrder.get("modelKind").asText(), retrievalOrder.toString());
  }

  @Test
  void eventsChangeTheNextRecommendation() throws Exception {
    String user = "fan-" + UUID.randomUUID();
    JsonNode before = http.get("/v1/users/" + user + "/recommendations?k=10").json();
    assertFalse(sourcesOf(before).contains("ann"), "no embedding before any event: " + before);

    String category = catalog.category(2);
    List<String> liked = catalog.itemsOf(2).subList(0, 4);
    String bought = liked.get(0);
    List<String> events = new ArrayList<>();
    Instant t = Instant.now().minusSeconds(120);
    for (int i = 0; i < liked.size(); i++) {
      events.add(ServingCatalog.event(user, "view", liked.get(i), t.plusSeconds(i * 10L)));
    }
    events.add(ServingCatalog.event(user, "purchase", bought, t.plusSeconds(60)));
    HttpJson.Reply posted = http.postJson("/v1/events", "[" + String.join(",", events) + "]");
    assertEquals(200, posted.status(), posted.raw().body());

    JsonNode after = http.get("/v1/users/" + user + "/recommendations?k=10").json();
    assertTrue(sourcesOf(after).contains("ann"), "the user's embedding now retrieves neighbours: " + after);
    assertFalse(itemIds(after).contains(bought), "a purchased item is not recommended again: " + after);
    assertTrue(itemIds(after).stream().noneMatch(liked::contains),
        "without a seen parameter no item the user had an event with comes back (seen-default = exclude): " + after);
    boolean nearLiked = false;
    for (JsonNode item : after.get("items")) {
      nearLiked |= item.get("source").asText().equals("ann") && item.get("category").asText().equals(category);
    }
    assertTrue(nearLiked, "nearest neighbours come from the category the user engaged with: " + after);
    assertNotEquals(itemIds(before), itemIds(after));
  }

  /**
   * A user who asks again before acting is ranked from the candidates kept since the first ask
   * (the retrieval cache): the user's own next event still shows at once, and an item made
   * unavailable meanwhile is never listed from a kept list.
   */
  @Test
  void aSecondAskBeforeTheUsersNextEventSeesTheCatalogAndTheNextEventAtOnce() throws Exception {
    String user = "again-" + UUID.randomUUID();
    Instant t = Instant.now().minusSeconds(60);
    List<String> viewed = catalog.itemsOf(3).subList(0, 3);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < viewed.size(); i++) {
      events.add(ServingCatalog.event(user, "view", viewed.get(i), t.plusSeconds(i)));
    }
    assertEquals(200, http.postJson("/v1/events", "[" + String.join(",", events) + "]").status());
    JsonNode first = http.get("/v1/users/" + user + "/recommendations?k=10").json();
    JsonNode second = http.get("/v1/users/" + user + "/recommendations?k=10").json();
    assertEquals(first.get("candidates").asInt(), second.get("candidates").asInt(), "the same candidates: " + second);
    assertNotEquals(first.get("requestId").asText(), second.get("requestId").asText(), "a list of its own");

    String withdrawn = itemIds(second).get(0);
    HttpJson.Reply stored = http.get("/v1/items/" + withdrawn);
    assertEquals(200, stored.status(), stored.raw().body());
    com.fasterxml.jackson.databind.node.ObjectNode asStored = (com.fasterxml.jackson.databind.node.ObjectNode) stored.json();
    HttpJson.Reply updated = http.postJson("/v1/items", "[" + asStored.deepCopy().put("available", false) + "]");
    assertEquals(200, updated.status(), updated.raw().body());
    JsonNode third = second;
    try {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (itemIds(third).contains(withdrawn) && System.nanoTime() < deadline) {
        Thread.sleep(100); // the catalog change reaches the node's replica through pub-sub
        third = http.get("/v1/users/" + user + "/recommendations?k=10").json();
      }
      assertFalse(itemIds(third).contains(withdrawn), "an unavailable item is not listed: " + third);
    } finally { // the class's other tests share the catalog
      assertEquals(200, http.postJson("/v1/items", "[" + asStored + "]").status());
    }

    String bought = itemIds(third).get(0);
    assertEquals(200, http.postJson("/v1/events",
        "[" + ServingCatalog.event(user, "purchase", bought, Instant.now().minusSeconds(1)) + "]").status());
    JsonNode afterPurchase = http.get("/v1/users/" + user + "/recommendations?k=10").json();
    assertFalse(itemIds(afterPurchase).contains(bought),
        "the user's own event changes the very next list (seen=exclude): " + afterPurchase);
  }

  @Test
  void badQueriesAreAnswered400WithTheParameterNamed() {
    for (String query : List.of("k=0", "k=abc", "k=101", "slot=-1", "zone=Mars/Olympus", "devcie=mobile",
        "device=%20")) {
      HttpJson.Reply reply = http.get("/v1/users/alice/recommendations?" + query);
      assertEquals(400, reply.status(), query + ": " + reply.raw().body());
      assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
      String named = query.substring(0, query.indexOf('='));
      assertEquals(named, reply.json().get("invalid-params").get(0).get("name").asText(), reply.raw().body());
    }
    HttpJson.Reply badUser = http.get("/v1/users/bad%0Aid/recommendations");
    assertEquals(400, badUser.status());
  }

  @Test
  void idsAndCategoriesAreFreeTextThroughTheWholeApi() throws Exception {
    String suffix = UUID.randomUUID().toString();
    String item = "Mug / blue 12oz #" + suffix;
    String user = "Zoë Müller|" + suffix;
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    String items = mapper.createArrayNode().add(mapper.createObjectNode().put("itemId", item)
        .put("category", "Home & Garden / Children's")).toString();
    assertEquals(200, http.postJson("/v1/items", items).status());
    String event = mapper.createObjectNode().put("eventId", "e/1 " + suffix).put("userId", user).put("type", "purchase")
        .put("itemId", item).put("timestamp", Instant.now().minusSeconds(5).toString()).toString();
    HttpJson.Reply posted = http.postJson("/v1/events", event);
    assertEquals(200, posted.status(), posted.raw().body());
    assertEquals(1, posted.json().get("accepted").asInt(), posted.raw().body());

    String userPath = java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    String itemPath = java.net.URLEncoder.encode(item, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    JsonNode profile = http.get("/v1/users/" + userPath).json();
    assertEquals(user, profile.get("userId").asText(), profile.toString());
    assertEquals("Home & Garden / Children's", profile.get("topCategories").get(0).get("key").asText());
    assertEquals(item, http.get("/v1/items/" + itemPath).json().get("itemId").asText());
    assertEquals(200, http.get("/v1/users/" + userPath + "/recommendations").status());
  }

  @Test
  void aLiveSocketGetsTheListOnConnectAndAPushAfterAnEventPostedOverHttp() throws Exception {
    String user = "live-" + UUID.randomUUID();
    try (LiveSocket socket = LiveSocket.open(node.httpPort(), "/v1/users/" + user + "/live?k=5")) {
      JsonNode first = socket.next("recommendations", WAIT);
      assertEquals(user, first.get("userId").asText());
      assertEquals(5, first.get("items").size());

      double pushesTimed = pushesTimed();
      String event = ServingCatalog.event(user, "click", catalog.itemsOf(1).get(0), Instant.now());
      assertEquals(200, http.postJson("/v1/events", event).status());
      JsonNode pushed = socket.next("recommendations", WAIT);
      assertNotEquals(first.get("requestId").asText(), pushed.get("requestId").asText());
      // the push answered an event: its latency is measured (the list on connect is not)
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (pushesTimed() <= pushesTimed && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(pushesTimed() > pushesTimed, "persona_live_push_latency_seconds counted the push");

      // events may come over the socket itself: acknowledged, then pushed like any other
      socket.send(ServingCatalog.event(user, "view", catalog.itemsOf(3).get(0), Instant.now()));
      // the ack and the push both follow the journal write: either may come first
      java.util.Map<String, JsonNode> answers = socket.nextOfEach(WAIT, "ack", "recommendations");
      JsonNode ack = answers.get("ack");
      assertEquals("accepted", ack.get("results").get(0).get("status").asText(), ack.toString());
      assertNotEquals(pushed.get("requestId").asText(), answers.get("recommendations").get("requestId").asText());

      socket.send(ServingCatalog.event("someone-else", "view", catalog.itemsOf(3).get(0), Instant.now()));
      JsonNode refused = socket.next("error", WAIT);
      assertEquals(400, refused.get("problem").get("status").asInt(), refused.toString());
      socket.send("{not json");
      assertEquals("error", socket.next("error", WAIT).get("type").asText());
    }
    // the closed socket left nothing behind
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (node.parts().live().listeners() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, node.parts().live().listeners());
  }

  @Test
  void liveSocketsAreBoundedPerMessagePerUserAndInRate() throws Exception {
    String user = "bounded-" + UUID.randomUUID();
    String path = "/v1/users/" + user + "/live?k=3";
    java.util.List<LiveSocket> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) { // persona.live.max-sockets-per-user
        open.add(LiveSocket.open(node.httpPort(), path));
        open.get(i).next("recommendations", WAIT);
      }
      assertEquals(429, LiveSocket.refusedStatus(node.httpPort(), path), "a ninth socket of one user");

      // faster than 20 messages a second: the excess is answered 429 and not recorded
      LiveSocket socket = open.get(0);
      for (int i = 0; i < 40; i++) {
        socket.send("[]");
      }
      boolean limited = false;
      for (int i = 0; i < 40; i++) {
        JsonNode error = socket.next("error", WAIT);
        limited |= error.get("problem").get("status").asInt() == 429;
      }
      assertTrue(limited, "40 messages at once were all taken");

      // over 1 MiB: answered, then the socket is closed and the rest is never read
      LiveSocket big = open.get(1);
      big.send("[" + ("{\"a\":\"" + "x".repeat(1000) + "\"},").repeat(1100) + "{}]");
      JsonNode tooBig = big.next("error", WAIT);
      assertEquals("/problems/message-too-big", tooBig.get("problem").get("type").asText(), tooBig.toString());
      big.awaitClosed(WAIT);
      // the closed socket's slot is free again, the others stay open
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (node.parts().live().listenersOf(user) > 7 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      LiveSocket again = LiveSocket.open(node.httpPort(), path);
      open.add(again);
      again.next("recommendations", WAIT);
      open.get(2).send("[]");
      assertEquals(400, open.get(2).next("error", WAIT).get("problem").get("status").asInt(), "an empty batch");
    } finally {
      open.forEach(LiveSocket::close);
    }
  }

  @Test
  void everyServedSlateIsLoggedWithTheFeaturesExactlyAsScored() throws Exception {
    Instant from = Instant.now().minusSeconds(1);
    String user = "logged-" + UUID.randomUUID();
    http.postJson("/v1/events", ServingCatalog.event(user, "view", catalog.itemsOf(0).get(1), Instant.now()));
    JsonNode served = http.get("/v1/users/" + user + "/recommendations?k=4&device=tablet").json();
    String requestId = served.get("requestId").asText();

    PredictionLogRepository log = new PredictionLogRepository(session, SharedCassandra.settings().keyspace(),
        TimeLogSettings.fromConfig(node.system().settings().config(), "persona.prediction-log"));
    ServedSlate slate = awaitSlate(log, requestId, from);
    JsonNode stats = http.asOperator().get("/v1/admin/serving").json().get("predictionLog");
    assertTrue(stats.get("written").asLong() >= 1, stats.toString());
    assertEquals(0, stats.get("dropped").asLong(), stats.toString());
    assertEquals(user, slate.userId());
    assertEquals(served.get("modelVersion").asText(), slate.modelVersion());
    assertEquals(served.get("modelKind").asText(), slate.modelKind());
    assertEquals("champion", slate.variant());
    assertEquals(node.parts().spec().fingerprint(), slate.featureFingerprint());
    assertEquals(itemIds(served), slate.items().stream().map(ServedItem::itemId).toList());

    for (int p = 0; p < slate.items().size(); p++) {
      ServedItem item = slate.items().get(p);
      assertEquals(p, item.position());
      assertEquals(served.get("items").get(p).get("source").asText(), item.source());
      assertEquals(served.get("items").get(p).get("score").asDouble(), item.calibratedScore(), 1e-12);
      assertTrue(item.propensity() > 0 && item.propensity() <= 1);
      assertEquals(node.parts().spec().denseWidth(), item.dense().length);
      assertEquals(node.parts().spec().sparseWidth(), item.sparse().length);
    }
    // The logged vectors are what was scored: the same ranker gives the logged raw scores back.
    try (var lease = node.parts().models().champion().acquire()) {
      if (lease.ranker().metadata().version().equals(slate.modelVersion())) {
        Ranker ranker = lease.ranker();
        double[] rescored = ranker.score(batchOf(slate)).raw();
        double[] logged = slate.items().stream().mapToDouble(ServedItem::rawScore).toArray();
        assertArrayEquals(logged, rescored, 1e-9);
      }
    }
  }

  static FeatureBatch batchOf(ServedSlate slate) {
    int rows = slate.items().size();
    int d = slate.items().get(0).dense().length;
    int s = slate.items().get(0).sparse().length;
    float[] dense = new float[rows * d];
    long[] sparse = new long[rows * s];
    String[] keys = new String[rows];
    for (int r = 0; r < rows; r++) {
      ServedItem item = slate.items().get(r);
      System.arraycopy(item.dense(), 0, dense, r * d, d);
      System.arraycopy(item.sparse(), 0, sparse, r * s, s);
      keys[r] = item.itemId();
    }
    return new FeatureBatch(rows, d, s, dense, sparse, keys);
  }

  @Test
  void aPreviewIsServedButNeitherLoggedNorCountedAsImpressions() throws Exception {
    Instant from = Instant.now().minusSeconds(1);
    String user = "preview-" + UUID.randomUUID();
    http.postJson("/v1/events", ServingCatalog.event(user, "view", catalog.itemsOf(0).get(1), Instant.now()));
    HttpJson.Reply byProducer = http.get("/v1/users/" + user + "/recommendations?k=4&preview=true");
    assertEquals(403, byProducer.status(), "only operators may keep a list out of the training data");
    assertTrue(byProducer.raw().body().contains("preview=true"), byProducer.raw().body());
    JsonNode preview = http.asOperator().get("/v1/users/" + user + "/recommendations?k=4&preview=true").json();
    JsonNode served = http.get("/v1/users/" + user + "/recommendations?k=4").json();
    assertEquals(itemIds(served).size(), itemIds(preview).size(), "a preview is a whole list");

    PredictionLogRepository log = new PredictionLogRepository(session, SharedCassandra.settings().keyspace(),
        TimeLogSettings.fromConfig(node.system().settings().config(), "persona.prediction-log"));
    awaitSlate(log, served.get("requestId").asText(), from); // written after the preview's would have been
    String previewId = preview.get("requestId").asText();
    assertTrue(log.read(from, Instant.now().plusSeconds(1)).stream().noneMatch(s -> s.requestId().equals(previewId)),
        "the preview was not logged as served");
    HttpJson.Reply bad = http.get("/v1/users/" + user + "/recommendations?preview=maybe");
    assertEquals(400, bad.status());
    assertTrue(bad.raw().body().contains("preview"), bad.raw().body());
  }

  static ServedSlate awaitSlate(PredictionLogRepository log, String requestId, Instant from) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ServedSlate> found = log.read(from, Instant.now().plusSeconds(1)).stream()
          .filter(s -> s.requestId().equals(requestId))
          .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("slate " + requestId + " was not logged within " + WAIT);
  }

  static List<String> itemIds(JsonNode recommendation) {
    List<String> ids = new ArrayList<>();
    recommendation.get("items").forEach(item -> ids.add(item.get("itemId").asText()));
    return ids;
  }

  static Set<String> sourcesOf(JsonNode recommendation) {
    Set<String> sources = new HashSet<>();
    recommendation.get("items").forEach(item -> sources.add(item.get("source").asText()));
    return sources;
  }

  /** How many pushes the node's push-latency histogram holds (0 before the first). */
  private static double pushesTimed() {
    return http.get("/metrics").raw().body().lines()
        .filter(line -> line.startsWith("persona_live_push_latency_seconds_count "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst().orElse(0);
  }
}
