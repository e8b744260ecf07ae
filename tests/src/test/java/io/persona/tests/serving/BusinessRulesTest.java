package io.persona.tests.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.models.slate.ServedSlate;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.predictions.PredictionLogRepository;
import io.persona.persistence.timelog.TimeLogSettings;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import com.datastax.oss.driver.api.core.CqlSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's business rules on a two-node cluster (issue 17, item 3): a rule set through one
 * node is in force on the other within seconds; a pinned item takes its slot, a blocked category
 * appears in no list (personal, re-ranked, similar, trending), a boost lifts the items of an
 * attribute; the logged slate records what the rules changed; deleting a rule ends it. Rules are
 * global to the keyspace, so this test uses categories and items of its own, gives every rule an
 * end a few minutes ahead, and deletes them all when it ends.
 */
@ExtendWith(SharedCassandra.class)
class BusinessRulesTest {
  private static final Duration WITHIN = Duration.ofSeconds(15);

  static PersonaNode first;
  static PersonaNode second;
  static HttpJson operatorOnFirst;
  static HttpJson operatorOnSecond;
  static HttpJson producerOnFirst;
  static HttpJson producerOnSecond;
  static ServingCatalog catalog;
  static CqlSession session;
  static final List<String> created = new ArrayList<>();

  @BeforeAll
  static void start() {
    // no exploration: every slot is the rules' and the ranker's, so positions can be asserted
    var quiet = ConfigFactory.parseMap(Map.of("persona.recommend.exploration-share", 0));
    first = TestNodes.start(quiet);
    second = TestNodes.start(ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes",
        List.of(first.system().address().toString()))).withFallback(quiet));
    producerOnFirst = new HttpJson(first.httpPort());
    producerOnSecond = new HttpJson(second.httpPort());
    operatorOnFirst = producerOnFirst.asOperator();
    operatorOnSecond = producerOnSecond.asOperator();
    catalog = ServingCatalog.create(producerOnFirst, 2, 6);
    session = CassandraSessions.connect(SharedCassandra.settings());
    // the second node may have joined after the catalog was published: it holds the items once its
    // replica reconciled (15 s after a member comes up), which rules do not speed up
    awaitReplica(producerOnSecond, List.of(catalog.item(0, 5), catalog.item(1, 0)));
  }

  private static void awaitReplica(HttpJson http, List<String> items) {
    String body = "{\"items\":[\"" + String.join("\",\"", items) + "\"]}";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      HttpJson.Reply reply = http.postJson("/v1/users/replica-probe/rank", body);
      if (reply.status() == 200 && reply.json().get("unknownItems").isEmpty()) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("the second node's catalog replica never held " + items);
  }

  @AfterAll
  static void stop() {
    for (String id : created) { // through the API, and in Cassandra should the API fail: rules are global
      try {
        operatorOnFirst.delete("/v1/admin/rules/" + id);
      } finally {
        session.execute("DELETE FROM " + SharedCassandra.settings().keyspace() + ".business_rules WHERE rule_id = ?", id);
      }
    }
    if (session != null) {
      session.close();
    }
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void rulesSetOnOneNodeShapeTheListsOfEveryNodeAndTheLogSaysSo() throws Exception {
    String user = "ruled-" + UUID.randomUUID();
    String seen = catalog.item(0, 0);
    assertEquals(200, producerOnFirst.postJson("/v1/events",
        ServingCatalog.event(user, "purchase", seen, Instant.now().minusSeconds(60))).status());
    String blockedCategory = catalog.category(1);
    // a short end: should the test die before deleting them, the rules end by themselves
    String until = Instant.now().plusSeconds(180).toString();
    // the pinned item is one the ranking does not put at slot 1 by itself
    JsonNode before = producerOnSecond.get("/v1/users/" + user + "/recommendations?k=5").json();
    String pinned = catalog.item(0, 5).equals(itemAt(before, 1)) ? catalog.item(0, 3) : catalog.item(0, 5);

    // a pin at slot 1, set through the first node, in force on the second
    String pin = create(operatorOnFirst, "{\"kind\":\"pin\",\"itemId\":\"" + pinned + "\",\"slot\":1,"
        + "\"activeUntil\":\"" + until + "\"}");
    JsonNode list = await(producerOnSecond, "/v1/users/" + user + "/recommendations?k=5",
        answer -> pinned.equals(itemAt(answer, 1)), "the pinned item at slot 1 on the other node");
    assertEquals(5, list.get("items").size());

    // a block, set through the second node, in force on the first: no item of the category anywhere.
    // Before it, the category's items are served in each kind of list (asked with category=, so the
    // check after it cannot pass by chance)
    assertEquals(200, producerOnFirst.postJson("/v1/events", ServingCatalog.event("other-" + user, "purchase",
        catalog.item(1, 1), Instant.now().minusSeconds(5))).status());
    List<String> categoryLists = List.of("/v1/users/" + user + "/recommendations?k=5",
        "/v1/items/" + catalog.item(1, 2) + "/similar?k=5", "/v1/trending?k=5",
        "/v1/items/" + catalog.item(1, 2) + "/similar?k=5&userId=" + user, "/v1/trending?k=5&userId=" + user);
    for (String path : categoryLists) {
      String sep = path.contains("?") ? "&" : "?";
      await(producerOnFirst, path + sep + "category=" + blockedCategory, answer -> !itemIds(answer).isEmpty(),
          "the category's items before the block");
    }
    String block = create(operatorOnSecond, "{\"kind\":\"block\",\"category\":\"" + blockedCategory + "\","
        + "\"activeUntil\":\"" + until + "\"}");
    String rankBody = "{\"items\":[\"" + catalog.item(1, 0) + "\",\"" + catalog.item(0, 2) + "\"]}";
    long deadline = System.nanoTime() + WITHIN.toNanos();
    HttpJson.Reply ranked = producerOnFirst.postJson("/v1/users/" + user + "/rank", rankBody);
    while (ranked.json().get("leftOutItems").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      ranked = producerOnFirst.postJson("/v1/users/" + user + "/rank", rankBody);
    }
    assertEquals(200, ranked.status(), ranked.raw().body());
    assertEquals(List.of(catalog.item(0, 2)), itemIds(ranked.json()), "the block reached the other node");
    assertEquals(catalog.item(1, 0), ranked.json().get("leftOutItems").get(0).asText(), ranked.raw().body());
    for (String path : categoryLists) {
      String sep = path.contains("?") ? "&" : "?";
      HttpJson.Reply filtered = producerOnFirst.get(path + sep + "category=" + blockedCategory);
      assertEquals(200, filtered.status(), filtered.raw().body());
      assertEquals(List.of(), itemIds(filtered.json()), path + " with category=" + blockedCategory);
      HttpJson.Reply whole = producerOnFirst.get(path.replace("k=5", "k=50"));
      assertFalse(categories(whole.json()).contains(blockedCategory), path + ": " + whole.raw().body());
    }
    JsonNode unblocked = producerOnFirst.get("/v1/users/" + user + "/recommendations?k=20").json();
    assertTrue(unblocked.get("items").size() >= 4, "the other category still fills the list: " + unblocked);
    assertEquals(pinned, itemAt(unblocked, 1), "the pin still holds");

    // the pinned item is never forced into a list that leaves it out: a filter, or seen=exclude
    JsonNode filtered = producerOnFirst.get("/v1/users/" + user + "/recommendations?k=5&exclude=" + pinned).json();
    assertFalse(itemIds(filtered).contains(pinned), filtered.toString());
    String seenPin = create(operatorOnFirst, "{\"kind\":\"pin\",\"itemId\":\"" + seen + "\",\"slot\":0,"
        + "\"activeUntil\":\"" + until + "\"}");
    JsonNode excluded = producerOnFirst.get("/v1/users/" + user + "/recommendations?k=5&seen=exclude").json();
    assertFalse(itemIds(excluded).contains(seen), "a seen item stays out under seen=exclude: " + excluded);
    JsonNode included = producerOnFirst.get("/v1/users/" + user + "/recommendations?k=5&seen=include").json();
    assertEquals(seen, itemAt(included, 0), "and is pinned where seen items may come back: " + included);
    delete(operatorOnFirst, seenPin);

    // the log of a served list says what the rules changed
    Instant from = Instant.now().minusSeconds(1);
    JsonNode served = producerOnFirst.get("/v1/users/" + user + "/recommendations?k=5").json();
    assertEquals(pinned, itemAt(served, 1), served.toString());
    PredictionLogRepository log = new PredictionLogRepository(session, SharedCassandra.settings().keyspace(),
        TimeLogSettings.fromConfig(first.system().settings().config(), "persona.prediction-log"));
    ServedSlate slate = RecommendationsTest.awaitSlate(log, served.get("requestId").asText(), from);
    assertTrue(slate.rules().contains("pin:" + pin + ":" + pinned + "@1"), slate.rules().toString());
    assertTrue(slate.rules().stream().anyMatch(entry -> entry.startsWith("block:" + block + ":")), slate.rules().toString());

    // a boost lifts the items of an attribute above the ranker's order (but not above the pin)
    // the item to boost is neither pinned nor first by itself
    String first = itemAt(producerOnFirst.get("/v1/users/" + user + "/recommendations?k=5").json(), 0);
    String lifted = java.util.stream.Stream.of(catalog.item(0, 4), catalog.item(0, 3), catalog.item(0, 2))
        .filter(id -> !id.equals(pinned) && !id.equals(first)).findFirst().orElseThrow();
    HttpJson.Reply upserted = producerOnFirst.postJson("/v1/items", "{\"itemId\":\"" + lifted
        + "\",\"category\":\"" + catalog.category(0) + "\",\"attributes\":{\"label\":\"" + user + "\"}}");
    assertEquals(200, upserted.status(), upserted.raw().body());
    String boost = create(operatorOnSecond, "{\"kind\":\"boost\",\"attribute\":\"label\",\"value\":\"" + user
        + "\",\"factor\":1000,\"activeUntil\":\"" + until + "\"}");
    JsonNode boosted = await(producerOnFirst, "/v1/users/" + user + "/recommendations?k=5",
        answer -> lifted.equals(itemAt(answer, 0)), "the boosted item first");
    assertEquals(pinned, itemAt(boosted, 1));

    // deleting ends a rule on every node
    delete(operatorOnFirst, pin);
    delete(operatorOnFirst, boost);
    await(producerOnSecond, "/v1/users/" + user + "/recommendations?k=5",
        answer -> !pinned.equals(itemAt(answer, 1)) && !lifted.equals(itemAt(answer, 0)),
        "the pin and the boost gone");
    JsonNode listed = operatorOnSecond.get("/v1/admin/rules").json();
    List<String> ids = new ArrayList<>();
    listed.get("rules").forEach(rule -> ids.add(rule.get("id").asText()));
    assertTrue(ids.contains(block) && !ids.contains(pin), listed.toString());
  }

  @Test
  void badRulesAreRefusedWithTheirProblems() {
    HttpJson.Reply unknownKind = operatorOnFirst.postJson("/v1/admin/rules", "{\"kind\":\"hide\",\"colour\":1}");
    assertEquals(400, unknownKind.status(), unknownKind.raw().body());
    assertEquals("/problems/invalid-rule", unknownKind.json().get("type").asText());
    assertEquals(2, unknownKind.json().get("invalid-params").size(), unknownKind.raw().body());

    HttpJson.Reply badPin = operatorOnFirst.postJson("/v1/admin/rules",
        "{\"kind\":\"pin\",\"itemId\":\"x\",\"slot\":100,\"category\":\"c\",\"activeFrom\":\"2026-12-02T00:00:00Z\","
            + "\"activeUntil\":\"2026-12-01T00:00:00Z\"}");
    assertEquals(400, badPin.status(), badPin.raw().body());
    List<String> fields = new ArrayList<>();
    badPin.json().get("invalid-params").forEach(p -> fields.add(p.get("name").asText()));
    assertEquals(List.of("activeUntil", "slot", "category"), fields, badPin.raw().body());

    HttpJson.Reply badBoost = operatorOnFirst.postJson("/v1/admin/rules",
        "{\"kind\":\"boost\",\"attribute\":\"a\",\"value\":\"b\",\"factor\":0}");
    assertEquals(400, badBoost.status(), badBoost.raw().body());

    String id = "dup-" + UUID.randomUUID().toString().substring(0, 8);
    String body = "{\"id\":\"" + id + "\",\"kind\":\"block\",\"category\":\"none-" + id + "\","
        + "\"activeUntil\":\"" + Instant.now().plusSeconds(600) + "\"}";
    assertEquals(201, operatorOnFirst.postJson("/v1/admin/rules", body).status());
    created.add(id);
    HttpJson.Reply twice = operatorOnFirst.postJson("/v1/admin/rules", body);
    assertEquals(409, twice.status(), twice.raw().body());
    assertEquals(404, operatorOnFirst.delete("/v1/admin/rules/no-such-rule").status());
    assertEquals(403, producerOnFirst.postJson("/v1/admin/rules", body).status(), "a producer key sets no rule");
  }

  private static String create(HttpJson operator, String body) {
    HttpJson.Reply reply = operator.postJson("/v1/admin/rules", body);
    assertEquals(201, reply.status(), reply.raw().body());
    String id = reply.json().get("id").asText();
    assertTrue(reply.json().get("active").asBoolean(), reply.raw().body());
    created.add(id);
    return id;
  }

  private static void delete(HttpJson operator, String id) {
    HttpJson.Reply reply = operator.delete("/v1/admin/rules/" + id);
    assertEquals(200, reply.status(), reply.raw().body());
    created.remove(id);
  }

  private static JsonNode await(HttpJson http, String path, Predicate<JsonNode> condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpJson.Reply reply = http.get(path);
      assertEquals(200, reply.status(), reply.raw().body());
      last = reply.json();
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(what + " not seen within " + WITHIN + " at " + path + "; last answer " + last);
  }

  private static String itemAt(JsonNode list, int position) {
    JsonNode items = list.get("items");
    return items.size() > position ? items.get(position).get("itemId").asText() : null;
  }

  private static List<String> itemIds(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("items").forEach(item -> ids.add(item.get("itemId").asText()));
    return ids;
  }

  private static List<String> categories(JsonNode list) {
    List<String> categories = new ArrayList<>();
    list.get("items").forEach(item -> categories.add(item.path("category").asText()));
    return categories;
  }
}
