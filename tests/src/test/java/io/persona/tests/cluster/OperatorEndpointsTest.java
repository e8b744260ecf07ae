package io.persona.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.tests.support.Await;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The operator endpoints on two in-JVM nodes of one cluster: a full node and one with only the
 * {@code entity} role. The key is required (401 without, 403 when wrong), the cluster view shows
 * both members with their roles and the users they host, a node without the gateway role serves
 * no public API, and an operator's leave hands the second node's users to the first, which still
 * serves every one of them.
 */
@ExtendWith(SharedCassandra.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorEndpointsTest {
  private static final int USERS = 40;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  static PersonaNode full;
  static PersonaNode entityOnly;
  static HttpJson operator;

  @BeforeAll
  static void start() {
    full = TestNodes.start();
    String seed = Cluster.get(full.system()).selfMember().address().toString();
    entityOnly = TestNodes.start(ConfigFactory.parseMap(Map.of(
        "persona.cluster.seed-nodes", seed,
        "persona.cluster.roles", "entity")));
    operator = new HttpJson(full.httpPort()).asOperator();
    await("both members Up in the cluster view", Duration.ofSeconds(30), () -> {
      JsonNode view = operator.get("/v1/admin/cluster").json();
      long up = 0;
      for (JsonNode member : view.get("members")) {
        up += member.get("status").asText().equals("Up") ? 1 : 0;
      }
      return up == 2;
    });
  }

  @AfterAll
  static void stop() {
    if (entityOnly != null) {
      entityOnly.close();
    }
    if (full != null) {
      full.close();
    }
  }

  @Test
  @Order(1)
  void theOperatorKeyIsRequired() {
    HttpJson anonymous = new HttpJson(full.httpPort()).anonymous();
    for (HttpJson.Reply reply : List.of(anonymous.get("/v1/admin/cluster"),
        anonymous.postJson("/v1/admin/nodes/127.0.0.1:1/leave", ""), anonymous.get("/v1/admin/serving"))) {
      assertEquals(401, reply.status(), reply.raw().body());
      assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
      assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), reply.header("WWW-Authenticate"));
    }
    HttpJson.Reply wrong = anonymous.withOperatorKey("guessed").get("/v1/admin/cluster");
    assertEquals(403, wrong.status(), wrong.raw().body());
    assertEquals("Wrong operator key", wrong.json().get("title").asText());
    // an unknown path under /v1 is still a plain 404, not an authorization problem
    assertEquals(404, anonymous.get("/v1/no-such-thing").status());
  }

  @Test
  @Order(2)
  void theClusterViewShowsMembersRolesAndTheUsersEachHosts() {
    HttpJson events = new HttpJson(full.httpPort());
    for (int u = 0; u < USERS; u++) {
      HttpJson.Reply reply = events.postJson("/v1/events", event(u));
      assertEquals(200, reply.status(), reply.raw().body());
    }
    JsonNode view = await("every user counted in the view", Duration.ofSeconds(20), () -> {
      JsonNode v = operator.get("/v1/admin/cluster").json();
      return v.get("statsComplete").asBoolean() && v.get("entities").asInt() >= USERS ? v : null;
    });
    String fullAddress = Cluster.get(full.system()).selfMember().address().toString();
    String entityAddress = Cluster.get(entityOnly.system()).selfMember().address().toString();
    assertEquals(fullAddress, view.get("self").asText());
    assertEquals(0, view.get("unreachable").size(), view.toString());
    int shards = 0;
    for (JsonNode member : view.get("members")) {
      String address = member.get("address").asText();
      List<String> roles = new ArrayList<>();
      member.get("roles").forEach(r -> roles.add(r.asText()));
      if (address.equals(fullAddress)) {
        assertEquals(List.of("entity", "gateway", "trainer"), roles);
      } else {
        assertEquals(entityAddress, address);
        assertEquals(List.of("entity"), roles);
      }
      assertTrue(member.get("reachable").asBoolean());
      assertTrue(member.get("shards").asInt() > 0, "users of " + USERS + " should land on both nodes: " + view);
      shards += member.get("shards").asInt();
    }
    assertEquals(shards, view.get("shards").asInt());
  }

  @Test
  @Order(3)
  void aNodeWithoutTheGatewayRoleServesNoPublicApi() {
    HttpJson entityNode = new HttpJson(entityOnly.httpPort());
    assertEquals(404, entityNode.postJson("/v1/events", event(0)).status());
    assertEquals(404, entityNode.get("/v1/users/anyone").status());
    assertEquals(200, entityNode.get("/health/ready").status());
    assertEquals(200, entityNode.asOperator().get("/v1/admin/cluster").status());
  }

  @Test
  @Order(4)
  void badAndUnknownAddressesAreProblems() {
    HttpJson.Reply bad = operator.postJson("/v1/admin/nodes/not%20an%20address/leave", "");
    assertEquals(400, bad.status(), bad.raw().body());
    HttpJson.Reply unknown = operator.postJson("/v1/admin/nodes/127.0.0.1:1/leave", "");
    assertEquals(404, unknown.status(), unknown.raw().body());
    assertTrue(unknown.json().get("detail").asText().contains("127.0.0.1:1"), unknown.raw().body());
  }

  @Test
  @Order(5)
  void anOperatorsLeaveHandsTheUsersOffAndStopsTheNode() throws Exception {
    String entityAddress = Cluster.get(entityOnly.system()).selfMember().address().toString();
    HttpJson.Reply leave = operator.postJson(
        "/v1/admin/nodes/" + URLEncoder.encode(entityAddress, StandardCharsets.UTF_8) + "/leave", "");
    assertEquals(202, leave.status(), leave.raw().body());
    assertEquals(entityAddress, leave.json().get("address").asText());

    entityOnly.whenStopped().toCompletableFuture().get(60, TimeUnit.SECONDS);
    await("the member is gone from the view", Duration.ofSeconds(30), () -> {
      JsonNode v = operator.get("/v1/admin/cluster").json();
      return v.get("members").size() == 1 ? v : null;
    });
    HttpJson users = new HttpJson(full.httpPort());
    for (int u = 0; u < USERS; u++) {
      HttpJson.Reply profile = users.get("/v1/users/" + user(u));
      assertEquals(200, profile.status(), profile.raw().body());
      assertEquals(1, profile.json().get("totalEvents").asInt(), profile.raw().body());
    }
    assertFalse(operator.get("/v1/admin/cluster").json().get("members").get(0).get("address").asText()
        .equals(entityAddress));
  }

  private static String user(int u) {
    return "op-" + RUN + "-" + u;
  }

  private static String event(int u) {
    return """
        [{"eventId":"%s-e","userId":"%s","type":"view","itemId":"it-op","timestamp":"%s"}]"""
        .formatted(user(u), user(u), Instant.now().minusSeconds(60));
  }

  private static <T> T await(String what, Duration within, Supplier<T> probe) {
    return Await.until(what, within, Duration.ofMillis(250), probe,
        value -> value != null && !Boolean.FALSE.equals(value), () -> "");
  }
}
