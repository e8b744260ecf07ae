package io.persona.tests.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.models.catalog.Item;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.FeatureVector;
import io.persona.models.features.ItemInput;
import io.persona.models.features.RequestContext;
import io.persona.models.features.UserInput;
import io.persona.models.profile.UserProfile;
import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.predictions.PredictionLogRepository;
import io.persona.persistence.timelog.TimeLogSettings;
import io.persona.tests.support.Await;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /v1/items/{id}/similar}, {@code GET /v1/trending} and {@code POST /v1/users/{id}/rank}
 * on real Cassandra, over a history imported through the bulk import: tents are bought with their
 * own stove, and the lists that are not one user's (or not retrieved) come from the same history
 * model and live signals as personal lists.
 */
@ExtendWith(SharedCassandra.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ItemListsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int PAIRS = 20;

  private final String keyspace = "persona_lists_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private PersonaNode node;
  private HttpJson http;

  @BeforeAll
  void importTheHistory() {
    node = TestNodes.start(ConfigFactory.parseString("""
        persona.cassandra.keyspace = "%s"
        persona.learning {
          enabled = true
          history { retrain-interval = 2s, model-poll = 1s }
          embeddings.enabled = false
          trainer.interval = 1h
          history.ranker.enabled = false
        }
        """.formatted(keyspace)));
    http = new HttpJson(node.httpPort());
    ArrayNode items = MAPPER.createArrayNode();
    for (int p = 0; p < PAIRS; p++) {
      var tent = MAPPER.createObjectNode().put("itemId", "tent-" + p).put("category", "tents").put("title", "Tent " + p);
      tent.putObject("attributes").put("colour", p % 2 == 0 ? "red" : "green");
      items.add(tent);
      items.add(MAPPER.createObjectNode().put("itemId", "stove-" + p).put("category", "stoves"));
    }
    items.add(MAPPER.createObjectNode().put("itemId", "stove-new").put("category", "stoves"));
    items.add(MAPPER.createObjectNode().put("itemId", "lamp").put("category", "lamps"));
    items.add(MAPPER.createObjectNode().put("itemId", "lamp-2").put("category", "lamps"));
    items.add(MAPPER.createObjectNode().put("itemId", "lamp-3").put("category", "lamps"));
    assertEquals(200, http.postJson("/v1/items", items.toString()).status());
    Instant now = Instant.now();
    SplittableRandom random = new SplittableRandom(3);
    StringBuilder ndjson = new StringBuilder();
    for (int u = 0; u < 300; u++) {
      int pair = random.nextInt(PAIRS);
      // one basket: a tent and its stove; stove-0 is bought by many more (the best seller of stoves)
      String[] bought = {"tent-" + pair, "stove-" + pair, u % 3 == 0 ? "stove-0" : "stove-" + pair};
      for (int k = 0; k < bought.length; k++) {
        ndjson.append(MAPPER.createObjectNode().put("eventId", "h-" + u + "-" + k).put("userId", "camper-" + u)
            .put("type", "purchase").put("itemId", bought[k])
            .put("timestamp", now.minus(Duration.ofHours(300 - u)).toString())).append('\n');
      }
    }
    HttpJson.Reply imported = http.post("/v1/import/events", "application/x-ndjson", ndjson.toString());
    assertEquals(200, imported.status(), imported.raw().body());
    Await.until("the history model of the import", WAIT, Duration.ofSeconds(1),
        () -> http.asOperator().get("/v1/admin/serving").json().get("history"),
        h -> h.get("interactions").asLong() == 900, () -> "");
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
    try (CqlSession session = CassandraSessions.connect(SharedCassandra.settings())) {
      SharedCassandra.dropKeyspace(session, keyspace);
    }
  }

  @Test
  void itemsLikeATentAreItsStoveFirstNeverItselfAndFollowTheFilters() {
    JsonNode similar = http.get("/v1/items/tent-7/similar?k=5").json();
    assertEquals("tent-7", similar.get("itemId").asText());
    List<String> ids = ids(similar);
    assertEquals("stove-7", ids.get(0), similar.toString());
    assertEquals("history", similar.get("items").get(0).get("source").asText());
    assertEquals("stoves", similar.get("items").get(0).get("category").asText());
    assertFalse(ids.contains("tent-7"), "never the item itself: " + ids);

    List<String> excluded = ids(http.get("/v1/items/tent-7/similar?k=5&exclude=stove-7,stove-0").json());
    assertEquals(5, excluded.size(), excluded.toString());
    assertFalse(excluded.contains("stove-7") || excluded.contains("stove-0"), excluded.toString());

    JsonNode tentsOnly = http.get("/v1/items/tent-7/similar?k=5&category=tents").json();
    assertEquals(5, tentsOnly.get("items").size(), "other tents fill the list: " + tentsOnly);
    tentsOnly.get("items").forEach(item -> assertEquals("tents", item.get("category").asText(), tentsOnly.toString()));
    assertEquals("tents", tentsOnly.get("category").asText());
  }

  @Test
  void aPersonalListAndASimilarListKeepOnlyWhatTheFiltersAdmit() {
    JsonNode redTents = http.get("/v1/users/camper-5/recommendations?k=5&seen=exclude&category=tents"
        + "&filter=colour:red&exclude=tent-2").json();
    assertTrue(redTents.get("items").size() > 0, redTents.toString());
    redTents.get("items").forEach(item -> {
      assertEquals("tents", item.get("category").asText(), redTents.toString());
      int number = Integer.parseInt(item.get("itemId").asText().substring("tent-".length()));
      assertEquals(0, number % 2, "red tents are the even ones: " + redTents);
      assertFalse(item.get("itemId").asText().equals("tent-2"), "excluded: " + redTents);
    });
    JsonNode similar = http.get("/v1/items/stove-3/similar?k=5&filter=colour:green").json();
    assertTrue(similar.get("items").size() > 0, similar.toString());
    similar.get("items").forEach(item -> assertEquals("tents", item.get("category").asText(), similar.toString()));
    assertEquals("tent-3", similar.get("items").get(0).get("itemId").asText(), "bought with stove-3: " + similar);
    HttpJson.Reply bad = http.get("/v1/users/camper-5/recommendations?filter=colour");
    assertEquals(400, bad.status());
    assertTrue(bad.raw().body().contains("name:value"), bad.raw().body());
  }

  @Test
  void anItemNeverBoughtWithAnotherGetsItsCategorysBestSellers() {
    JsonNode similar = http.get("/v1/items/stove-new/similar?k=3").json();
    List<String> ids = ids(similar);
    assertEquals(3, ids.size(), similar.toString());
    assertEquals("stove-0", ids.get(0), "the best seller of its category first: " + similar);
    similar.get("items").forEach(item -> {
      assertEquals("stoves", item.get("category").asText());
      assertEquals("category_popular", item.get("source").asText());
    });
  }

  @Test
  void anItemNobodyBoughtWithAnythingGetsTheItemsOfItsCategoryByItsColdStartDirection() {
    // no lamp is in the history: no neighbours, no best sellers of its category
    JsonNode similar = http.get("/v1/items/lamp-2/similar?k=5").json();
    List<String> ids = ids(similar);
    assertTrue(ids.size() >= 2, similar.toString());
    assertEquals(java.util.Set.of("lamp", "lamp-3"), java.util.Set.copyOf(ids.subList(0, 2)),
        "the other lamps first: " + similar);
    assertFalse(ids.contains("lamp-2"));
  }

  @Test
  void anItemAskedForRightAfterItsWriteIsNeverAnUnknownItem() {
    for (int i = 0; i < 5; i++) {
      String id = "just-written-" + i;
      assertEquals(200, http.postJson("/v1/items", "{\"itemId\":\"" + id + "\",\"category\":\"probes\"}").status());
      HttpJson.Reply similar = http.get("/v1/items/" + id + "/similar?k=3");
      assertEquals(200, similar.status(), "the write was acknowledged: " + similar.raw().body());
    }
  }

  @Test
  void aUsersOwnPageIsRankedWithWhatGoesWithTheirHistoryFirstAndUnknownIdsAreReported() throws Exception {
    String user = "ranker-" + UUID.randomUUID();
    ArrayNode bought = MAPPER.createArrayNode();
    bought.add(MAPPER.createObjectNode().put("eventId", user + "-1").put("userId", user).put("type", "purchase")
        .put("itemId", "tent-3").put("timestamp", Instant.now().toString()));
    assertEquals(200, http.postJson("/v1/events", bought.toString()).status());
    String page = "{\"items\":[\"lamp-2\",\"stove-5\",\"no-such-item\",\"stove-3\",\"lamp-3\",\"tent-3\"]}";
    Instant asked = Instant.now().minusSeconds(1);

    HttpJson.Reply reply = http.postJson("/v1/users/" + user + "/rank", page);

    assertEquals(200, reply.status(), reply.raw().body());
    JsonNode ranked = reply.json();
    List<String> ids = ids(ranked);
    assertEquals(5, ids.size(), "every known item of the page, seen ones too by default: " + ranked);
    assertTrue(ids.indexOf("stove-3") < ids.indexOf("stove-5") && ids.indexOf("stove-3") < ids.indexOf("lamp-2")
        && ids.indexOf("stove-3") < ids.indexOf("lamp-3"), "tent-3's stove before the rest: " + ranked);
    assertEquals("[\"no-such-item\"]", ranked.get("unknownItems").toString());
    assertEquals(0, ranked.get("leftOutItems").size(), ranked.toString());
    ranked.get("items").forEach(item -> {
      assertEquals("request", item.get("source").asText(), ranked.toString());
      assertFalse(item.get("explored").asBoolean(), "a page is never reordered at random: " + ranked);
    });
    // the history blend ordered this page and showed all of it, in another order than the page's:
    // each logged row is still its own item's (only the shown rows are encoded where the blend orders)
    assertEquals("history", ranked.get("modelKind").asText(), ranked.toString());
    try (CqlSession session = CassandraSessions.connect(SharedCassandra.settings())) {
      PredictionLogRepository log = new PredictionLogRepository(session, keyspace,
          TimeLogSettings.fromConfig(node.system().settings().config(), "persona.prediction-log"));
      ServedSlate slate = RecommendationsTest.awaitSlate(log, ranked.get("requestId").asText(), asked);
      assertEquals(ids, slate.items().stream().map(ServedItem::itemId).toList());
      FeatureSpec spec = node.parts().spec();
      int itemIdColumn = spec.sparseColumns().indexOf("item_id");
      assertTrue(itemIdColumn >= 0, spec.sparseColumns().toString());
      for (ServedItem served : slate.items()) {
        FeatureVector own = spec.encode(new UserInput(UserProfile.empty(user), null),
            new ItemInput(new Item(served.itemId(), "", "any", List.of(), Map.of(), true, asked), null, null),
            new RequestContext(asked, null, "web", 0, Map.of()));
        assertEquals(own.sparse()[itemIdColumn], served.sparse()[itemIdColumn], "the logged row of " + served.itemId());
      }
    }

    JsonNode unseen = http.postJson("/v1/users/" + user + "/rank?seen=exclude&k=2", page).json();
    assertEquals(2, unseen.get("items").size(), unseen.toString());
    assertEquals("[\"tent-3\"]", unseen.get("leftOutItems").toString());
    assertEquals("stove-3", unseen.get("items").get(0).get("itemId").asText(), unseen.toString());

    JsonNode explained = http.postJson("/v1/users/" + user + "/rank?seen=exclude&k=2&explain=true", page).json();
    JsonNode stove = explained.get("items").get(0);
    assertEquals("stove-3", stove.get("itemId").asText(), explained.toString());
    assertEquals("tent-3", stove.get("explanation").get("becauseOf").get(0).get("itemId").asText(),
        "a ranked page explains itself too: " + explained);
  }

  @Test
  void itemsLikeATentForOneUserLeaveOutWhatTheUserHasAndAreLoggedAsTheirList() {
    String user = "similar-" + UUID.randomUUID();
    ArrayNode bought = MAPPER.createArrayNode();
    bought.add(MAPPER.createObjectNode().put("eventId", user + "-1").put("userId", user).put("type", "purchase")
        .put("itemId", "stove-7").put("timestamp", Instant.now().toString()));
    assertEquals(200, http.postJson("/v1/events", bought.toString()).status());
    assertEquals("stove-7", ids(http.get("/v1/items/tent-7/similar?k=5").json()).get(0), "for anyone: its stove");

    JsonNode forUser = http.get("/v1/items/tent-7/similar?k=5&userId=" + user).json();

    assertEquals(user, forUser.get("userId").asText(), forUser.toString());
    assertFalse(forUser.get("requestId").asText().isEmpty(), "a served list, to send back with the clicks");
    List<String> ids = ids(forUser);
    assertEquals(5, ids.size(), forUser.toString());
    assertFalse(ids.contains("stove-7") || ids.contains("tent-7"), "not what the user has, nor the item: " + ids);
    forUser.get("items").forEach(item -> assertTrue(
        List.of("history", "ann", "category_popular").contains(item.get("source").asText()), forUser.toString()));
    assertTrue(ids(http.get("/v1/items/tent-7/similar?k=5&seen=include&userId=" + user).json()).contains("stove-7"),
        "seen=include lets it back");

    HttpJson.Reply seenAlone = http.get("/v1/items/tent-7/similar?seen=include");
    assertEquals(400, seenAlone.status());
    assertTrue(seenAlone.raw().body().contains("\"seen\""), seenAlone.raw().body());
    assertEquals(400, http.get("/v1/trending?seen=include").status(), "seen without a user");

    // a user's similar items explain themselves as the user's list does; a list for nobody does not
    JsonNode explained = http.get("/v1/items/tent-7/similar?k=5&explain=true&userId=" + user).json();
    explained.get("items").forEach(item -> {
      JsonNode explanation = item.get("explanation");
      assertTrue(explanation != null && explanation.has("sources") && explanation.has("features"), item.toString());
      assertTrue(List.of("ranker", "blend").contains(explanation.get("orderedBy").asText()), item.toString());
    });
    forUser.get("items").forEach(item -> assertFalse(item.has("explanation"), "only when asked: " + item));
    HttpJson.Reply explainAlone = http.get("/v1/items/tent-7/similar?explain=true");
    assertEquals(400, explainAlone.status());
    assertTrue(explainAlone.raw().body().contains("\"explain\""), explainAlone.raw().body());
    assertEquals(400, http.get("/v1/items/tent-7/similar?explain=maybe&userId=" + user).status());
  }

  @Test
  void anExplainedListSaysWhichSourcesScoredEachItemAndWhichOfTheUsersItemsItGoesWith() {
    String user = "explained-" + UUID.randomUUID();
    ArrayNode bought = MAPPER.createArrayNode();
    bought.add(MAPPER.createObjectNode().put("eventId", user + "-1").put("userId", user).put("type", "purchase")
        .put("itemId", "tent-7").put("timestamp", Instant.now().toString()));
    assertEquals(200, http.postJson("/v1/events", bought.toString()).status());

    JsonNode explained = http.get("/v1/users/" + user + "/recommendations?k=10&seen=exclude&explain=true").json();

    JsonNode stove = null;
    for (JsonNode item : explained.get("items")) {
      JsonNode sources = item.get("explanation").get("sources");
      assertEquals(5, sources.size(), "every source's score: " + item);
      for (String source : List.of("coOccurrence", "repeat", "popularity", "als", "trending")) {
        assertTrue(Double.isFinite(sources.get(source).asDouble()), source + ": " + item);
      }
      double coOccurrence = sources.get("coOccurrence").asDouble();
      assertTrue(coOccurrence >= 0 && coOccurrence <= 1 + 1e-9, "scaled by its best for the user: " + item);
      if (item.get("itemId").asText().equals("stove-7")) {
        stove = item;
      }
    }
    assertTrue(stove != null, "tent-7's stove is listed: " + explained);
    JsonNode because = stove.get("explanation").get("becauseOf");
    assertEquals("tent-7", because.get(0).get("itemId").asText(), "because the user bought tent-7: " + stove);
    assertTrue(because.get(0).get("similarity").asDouble() > 0, stove.toString());
    assertEquals(1.0, stove.get("explanation").get("sources").get("coOccurrence").asDouble(), 1e-9,
        "tent-7's strongest neighbour: " + stove);

    // the node serves no trained ranker: the history blend ordered the list, and each item's
    // features are the blend's parts, which add up to its score: the list follows their sums
    // (explored slots aside)
    double previous = Double.POSITIVE_INFINITY;
    for (JsonNode item : explained.get("items")) {
      JsonNode explanation = item.get("explanation");
      assertEquals("blend", explanation.get("orderedBy").asText(), item.toString());
      double sum = 0;
      for (JsonNode feature : explanation.get("features")) {
        assertTrue(feature.get("feature").asText().startsWith("retrieval_"), item.toString());
        sum += feature.get("effect").asDouble();
      }
      if (!item.get("explored").asBoolean()) {
        assertTrue(sum <= previous + 1e-9, "ordered by the parts' sum: " + explained);
        previous = sum;
      }
    }
    JsonNode strongest = stove.get("explanation").get("features").get(0);
    assertEquals("retrieval_co_occurrence", strongest.get("feature").asText(), stove.toString());
    assertTrue(strongest.get("effect").asDouble() > 0, stove.toString());

    JsonNode plain = http.get("/v1/users/" + user + "/recommendations?k=10&seen=exclude").json();
    plain.get("items").forEach(item -> assertFalse(item.has("explanation"), "only when asked: " + item));
    HttpJson.Reply bad = http.get("/v1/users/" + user + "/recommendations?explain=yes");
    assertEquals(400, bad.status());
    assertTrue(bad.raw().body().contains("\"explain\""), bad.raw().body());
  }

  @Test
  void aBadRankRequestIsAFourHundredThatNamesWhatIsWrong() {
    HttpJson.Reply empty = http.postJson("/v1/users/someone/rank", "{\"items\":[]}");
    assertEquals(400, empty.status());
    assertTrue(empty.raw().body().contains("\"items\""), empty.raw().body());
    HttpJson.Reply badId = http.postJson("/v1/users/someone/rank?k=0",
        "{\"items\":[\"tent-1\", 3], \"colour\": 1}");
    assertEquals(400, badId.status());
    String problems = badId.raw().body();
    assertTrue(problems.contains("items[1]") && problems.contains("colour") && problems.contains("\"k\""),
        "the body's and the parameters' problems in one answer: " + problems);
    HttpJson.Reply badK = http.postJson("/v1/users/someone/rank?k=0", "{\"items\":[\"tent-1\"]}");
    assertEquals(400, badK.status());
    assertEquals(400, http.postJson("/v1/users/someone/rank", "not json").status());
    assertEquals(401, http.anonymous().postJson("/v1/users/someone/rank", "{\"items\":[\"tent-1\"]}").status());
  }

  @Test
  void badRequestsAreFourHundredsThatNameWhatIsWrong() {
    HttpJson.Reply unknown = http.get("/v1/items/no-such-item/similar");
    assertEquals(404, unknown.status());
    assertEquals("Unknown item", unknown.json().get("title").asText());
    HttpJson.Reply bad = http.get("/v1/items/tent-1/similar?k=0&colour=red");
    assertEquals(400, bad.status());
    String body = bad.raw().body();
    assertTrue(body.contains("\"k\"") && body.contains("colour"), body);
    assertEquals(400, http.get("/v1/trending?k=1000").status());
    assertEquals(401, http.anonymous().get("/v1/trending").status());
  }

  @Test
  void trendingFollowsWhatIsBoughtNowThenTheHistory() {
    // more buyers in the last minute than any item had in the imported history's last hours
    ArrayNode purchases = MAPPER.createArrayNode();
    for (int i = 0; i < 40; i++) {
      purchases.add(MAPPER.createObjectNode().put("eventId", "hot-" + i).put("userId", "shopper-" + i)
          .put("type", "purchase").put("itemId", "lamp").put("timestamp", Instant.now().toString()));
    }
    assertEquals(200, http.postJson("/v1/events", purchases.toString()).status());
    JsonNode trending = Await.until("the lamp bought now on top of trending", WAIT, Duration.ofMillis(500),
        () -> http.get("/v1/trending?k=5").json(),
        t -> t.get("items").size() > 0 && t.get("items").get(0).get("itemId").asText().equals("lamp"), () -> "");
    assertEquals("trending", trending.get("items").get(0).get("source").asText());
    assertEquals(5, trending.get("items").size(), trending.toString());

    JsonNode stoves = http.get("/v1/trending?k=3&category=stoves").json();
    assertEquals(3, stoves.get("items").size(), stoves.toString());
    stoves.get("items").forEach(item -> assertEquals("stoves", item.get("category").asText(), stoves.toString()));

    // made for one of the lamp's buyers: a served list of theirs, without the lamp they have
    JsonNode forBuyer = http.get("/v1/trending?k=5&userId=shopper-0").json();
    assertEquals("shopper-0", forBuyer.get("userId").asText(), forBuyer.toString());
    assertFalse(forBuyer.get("requestId").asText().isEmpty(), "a served list, to send back with the clicks");
    List<String> ids = ids(forBuyer);
    assertEquals(5, ids.size(), forBuyer.toString());
    assertFalse(ids.contains("lamp"), "the buyer has it: " + ids);
    forBuyer.get("items").forEach(item -> assertTrue(
        List.of("trending", "popular").contains(item.get("source").asText()), forBuyer.toString()));
    assertTrue(ids(http.get("/v1/trending?k=5&seen=include&userId=shopper-0").json()).contains("lamp"),
        "seen=include lets it back");
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("items").forEach(item -> ids.add(item.get("itemId").asText()));
    return ids;
  }
}
