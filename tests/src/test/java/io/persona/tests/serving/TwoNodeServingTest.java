package io.persona.tests.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.LiveSocket;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Two nodes of one cluster: a catalog change written through one node reaches the other's replica,
 * and an event posted to one node is pushed to the user's socket on the other.
 */
@ExtendWith(SharedCassandra.class)
class TwoNodeServingTest {
  /** Each node reconciles its replica this long after a member comes up (the default is 15 s). */
  static final Duration RECONCILE_AFTER_JOIN = Duration.ofSeconds(3);
  static PersonaNode first;
  static PersonaNode second;
  /** Stored while only the first node ran, and never published: a catalog message the first node missed. */
  static String missedByTheFirst;

  @BeforeAll
  static void start() throws Exception {
    com.typesafe.config.Config reconcile = ConfigFactory.parseMap(Map.of(
        "persona.retrieval.reconcile-after-join", RECONCILE_AFTER_JOIN.toMillis() + "ms"));
    first = TestNodes.start(reconcile);
    // past the first node's reconciliation after its own join: from now on only the second node's
    // join (or the periodic one, 10 minutes away) can bring the stored item into its replica
    Thread.sleep(RECONCILE_AFTER_JOIN.multipliedBy(3).toMillis());
    missedByTheFirst = "missed-" + UUID.randomUUID();
    try (com.datastax.oss.driver.api.core.CqlSession session = SharedCassandra.migratedSession()) {
      new io.persona.persistence.catalog.ItemRepository(session, SharedCassandra.settings().keyspace())
          .upsertAll(java.util.List.of(new io.persona.models.catalog.Item(missedByTheFirst, "", "missed",
              java.util.List.of(), Map.of(), true, Instant.now())))
          .toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertEquals(null, first.parts().catalog().item(missedByTheFirst), "written around the node, not through it");
    String seed = Cluster.get(first.system()).selfMember().address().toString();
    second = TestNodes.start(ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes", java.util.List.of(seed)))
        .withFallback(reconcile));
    await("both nodes are Up", () -> StreamSupport.stream(
            Cluster.get(first.system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up()).count() == 2);
  }

  /**
   * A catalog change a replica missed (pub-sub learns of a new node's subscriber within seconds, and
   * a change published meanwhile is lost to it) is healed from Cassandra a few seconds after the next
   * member comes up, not only at the periodic reconciliation minutes later.
   */
  @Test
  void aChangeAReplicaMissedIsHealedSoonAfterAMemberComesUp() {
    await("the first node's replica holds the item it missed", () -> first.parts().catalog().item(missedByTheFirst) != null);
    assertNotNull(second.parts().catalog().item(missedByTheFirst), "the joining node loaded it at start");
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
  void catalogChangesAndLivePushesCrossNodes() throws Exception {
    HttpJson viaFirst = new HttpJson(first.httpPort());
    // Pub-sub subscriptions spread through the receptionist: write until the second node hears.
    String probe = "probe-" + UUID.randomUUID();
    await("the second node's replica receives items written through the first", () -> {
      viaFirst.postJson("/v1/items", "{\"itemId\":\"" + probe + "\",\"category\":\"probes\"}");
      return second.parts().catalog().item(probe) != null;
    });
    ServingCatalog catalog = ServingCatalog.create(viaFirst, 2, 6);
    await("the whole batch arrived", () -> second.parts().catalog().item(catalog.item(1, 5)) != null);
    assertNotNull(second.parts().catalog().embedding(catalog.item(1, 5)), "a cold-start embedding");

    String user = "roaming-" + UUID.randomUUID();
    try (LiveSocket socket = LiveSocket.open(second.httpPort(), "/v1/users/" + user + "/live?k=3")) {
      JsonNode initial = socket.next("recommendations", Duration.ofSeconds(15));
      String event = ServingCatalog.event(user, "view", catalog.item(0, 1), Instant.now());
      assertEquals(200, viaFirst.postJson("/v1/events", event).status());
      JsonNode pushed = socket.next("recommendations", Duration.ofSeconds(15));
      assertEquals(user, pushed.get("userId").asText());
      assertEquals(false, initial.get("requestId").equals(pushed.get("requestId")));
    }
  }

  /** DELETE /v1/items/{id} on one node takes the item out of the other node's replica, index and candidates. */
  @Test
  void aDeletedItemLeavesEveryReplica() {
    HttpJson viaFirst = new HttpJson(first.httpPort());
    HttpJson viaSecond = new HttpJson(second.httpPort());
    // Pub-sub subscriptions spread through the receptionist, each direction on its own: probe until
    // each node hears the other (the item is written through the first, deleted through the second),
    // then write the item once. Re-posting the item itself would leave an upsert in flight that can
    // land after the deletion (the two come from different nodes, so pub-sub does not order them).
    String toSecond = "probe-" + UUID.randomUUID();
    await("the second node's replica receives items written through the first", () -> {
      viaFirst.postJson("/v1/items", "{\"itemId\":\"" + toSecond + "\",\"category\":\"probes\"}");
      return second.parts().catalog().item(toSecond) != null;
    });
    String toFirst = "probe-" + UUID.randomUUID();
    await("the first node's replica receives changes made through the second", () -> {
      viaSecond.postJson("/v1/items", "{\"itemId\":\"" + toFirst + "\",\"category\":\"probes\"}");
      return first.parts().catalog().item(toFirst) != null;
    });
    String item = "deleted-item-" + UUID.randomUUID();
    assertEquals(200, viaFirst.postJson("/v1/items", "{\"itemId\":\"" + item + "\",\"category\":\"probes\"}").status());
    await("both replicas hold the item",
        () -> second.parts().catalog().item(item) != null && first.parts().catalog().item(item) != null);
    HttpJson.Reply deleted = viaSecond.delete("/v1/items/" + item);
    assertEquals(200, deleted.status(), deleted.raw().body());
    assertEquals(true, deleted.json().get("deleted").asBoolean());
    // the replica forgets the item first and its vector last (CatalogReplica.remove): wait for both
    await("neither replica holds it", () -> first.parts().catalog().item(item) == null
        && second.parts().catalog().item(item) == null && first.parts().catalog().embedding(item) == null);
    assertEquals(false, first.parts().catalog().recommendable(item));
    assertEquals(null, first.parts().catalog().embedding(item), "out of the vector index");
    assertEquals(404, viaFirst.get("/v1/items/" + item).status());
    assertEquals(false, viaFirst.delete("/v1/items/" + item).json().get("deleted").asBoolean(), "again: harmless");
    assertEquals(403, viaFirst.withBearer(viaFirst.asOperator().postJson("/v1/admin/keys",
        "{\"name\":\"reader\",\"scopes\":[\"recommendations:read\"]}").json().get("key").asText())
        .delete("/v1/items/" + item).status(), "deleting needs items:write");
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("timed out waiting until " + what);
  }
}
