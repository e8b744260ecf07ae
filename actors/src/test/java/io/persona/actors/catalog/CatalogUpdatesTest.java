package io.persona.actors.catalog;

import io.persona.models.catalog.Item;
import io.persona.models.retrieval.ColdStartEmbeddings;
import io.persona.models.retrieval.FreshItems;
import io.persona.models.retrieval.ItemVectorIndex;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

class CatalogUpdatesTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Item item(String id, Instant created) {
    return new Item(id, id, "shoes", List.of(), Map.of(), true, created);
  }

  @Test
  void aChangeThatFailsToApplyRestartsTheSubscriberWhichReloadsAndKeepsApplying(@TempDir Path dir)
      throws InterruptedException {
    try (CatalogReplica replica = new CatalogReplica(ItemVectorIndex.open(dir, 4, 1000), new FreshItems(10),
        new ColdStartEmbeddings(4, 1))) {
      AtomicInteger loads = new AtomicInteger();
      ActorRef<Topic.Command<CatalogChanged>> topic = testKit.spawn(Topic.create(CatalogChanged.class,
          "catalog-updates-test"));
      ActorRef<CatalogUpdates.Command> updates = testKit.spawn(CatalogUpdates.create(topic, replica,
          loads::incrementAndGet, java.util.Optional::empty, java.time.Duration.ofSeconds(1)));

      // Instant.MAX has no epoch milliseconds: applying it throws (the gateway refuses such items;
      // a hand-written row or an older node could still publish one)
      updates.tell(new CatalogUpdates.Apply(new CatalogChanged(List.of(item("broken", Instant.MAX)), Map.of())));
      updates.tell(new CatalogUpdates.Apply(new CatalogChanged(List.of(item("after", T0)), Map.of())));

      long deadline = System.nanoTime() + 15_000_000_000L;
      while (replica.item("after") == null) {
        if (System.nanoTime() > deadline) {
          fail("the change after a failed one was never applied: the subscriber stopped");
        }
        Thread.sleep(50);
      }
      assertEquals(2, loads.get(), "loaded at start, and again at the restart to heal a half-applied change");
    }
  }

  @Test
  void aReconciliationRunsAfterEveryChangeQueuedBeforeItSoNoneIsTakenForLost(@TempDir Path dir)
      throws Exception {
    try (CatalogReplica replica = new CatalogReplica(ItemVectorIndex.open(dir, 4, 1000), new FreshItems(10),
        new ColdStartEmbeddings(4, 1))) {
      java.util.concurrent.CompletableFuture<Integer> heldWhenReconciling = new java.util.concurrent.CompletableFuture<>();
      ActorRef<Topic.Command<CatalogChanged>> topic = testKit.spawn(Topic.create(CatalogChanged.class,
          "catalog-reconcile-order-test"));
      ActorRef<CatalogUpdates.Command> updates = testKit.spawn(CatalogUpdates.create(topic, replica, () -> { },
          () -> {
            heldWhenReconciling.complete(replica.size());
            return java.util.Optional.empty();
          }, java.time.Duration.ofSeconds(1)));

      // a bulk load's messages, still queued when the reconciliation is asked for
      for (int i = 0; i < 200; i++) {
        updates.tell(new CatalogUpdates.Apply(new CatalogChanged(List.of(item("bulk-" + i, T0)), Map.of())));
      }
      updates.tell(new CatalogUpdates.Reconcile());

      assertEquals(200, heldWhenReconciling.get(15, java.util.concurrent.TimeUnit.SECONDS),
          "every change queued before the reconciliation was applied before it compared");
    }
  }

  @Test
  void aReconciliationHealsWhatWasLostButLeavesAChangeOnItsWayToItsMessage(@TempDir Path dir) throws Exception {
    try (CatalogReplica replica = new CatalogReplica(ItemVectorIndex.open(dir, 4, 1000), new FreshItems(10),
        new ColdStartEmbeddings(4, 1))) {
      ActorRef<Topic.Command<CatalogChanged>> topic = testKit.spawn(Topic.create(CatalogChanged.class,
          "catalog-reconcile-test"));
      // Cassandra holds "lost" (its message never came) and "queued" as a bulk load wrote it; the
      // load's message for "queued" arrives after the comparison, with a newer version
      Item lostItem = new Item("lost", "lost", "shoes", List.of(), Map.of(), true, T0);
      Item storedQueued = new Item("queued", "queued", "shoes", List.of(), Map.of(), true, T0);
      Item newerQueued = new Item("queued", "queued", "boots", List.of(), Map.of(), true, T0);
      java.util.concurrent.CountDownLatch compared = new java.util.concurrent.CountDownLatch(1);
      ActorRef<CatalogUpdates.Command> updates = testKit.spawn(CatalogUpdates.create(topic, replica, () -> { },
          () -> {
            compared.countDown();
            return java.util.Optional.of(replica.differences(List.of(lostItem, storedQueued), Map.of()));
          }, java.time.Duration.ofMillis(500)));

      updates.tell(new CatalogUpdates.Reconcile());
      assertEquals(true, compared.await(15, java.util.concurrent.TimeUnit.SECONDS));
      updates.tell(new CatalogUpdates.Apply(new CatalogChanged(List.of(newerQueued), Map.of())));

      long deadline = System.nanoTime() + 15_000_000_000L;
      while (replica.item("lost") == null) {
        if (System.nanoTime() > deadline) {
          fail("the item whose message was lost was never healed");
        }
        Thread.sleep(50);
      }
      assertEquals("boots", replica.item("queued").category(),
          "the change that arrived after the comparison is not overwritten by the older stored row");
    }
  }
}
