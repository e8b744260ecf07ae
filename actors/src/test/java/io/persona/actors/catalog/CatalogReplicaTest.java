package io.persona.actors.catalog;

import io.persona.models.catalog.Item;
import io.persona.models.retrieval.ColdStartEmbeddings;
import io.persona.models.retrieval.FreshItems;
import io.persona.models.retrieval.ItemVectorIndex;
import io.persona.models.retrieval.ScoredItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogReplicaTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  private static Item item(String id, String category, boolean available, Instant created) {
    return new Item(id, id, category, List.of(), Map.of(), available, created);
  }

  private static CatalogReplica replica(Path dir) {
    return new CatalogReplica(ItemVectorIndex.open(dir, 4, 1000), new FreshItems(10), new ColdStartEmbeddings(4, 1));
  }

  @Test
  void newItemsAreRetrievableAtOnceThroughColdStartEmbeddings(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      replica.apply(new CatalogChanged(List.of(item("a", "shoes", true, T0), item("b", "hats", true, T0)), Map.of()));
      assertEquals(2, replica.size());
      assertNotNull(replica.embedding("a"));
      List<ScoredItem> near = replica.index().nearest(replica.embedding("a"), 1, id -> true);
      assertEquals("a", near.get(0).itemId());
      assertEquals(0, replica.trainedEmbeddings());
    }
  }

  @Test
  void membershipMovesWhenAnItemJoinsOrLeavesNotWhenOneChanges(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      long start = replica.membershipVersion();
      replica.apply(new CatalogChanged(List.of(item("a", "shoes", true, T0), item("b", "hats", true, T0)), Map.of()));
      long joined = replica.membershipVersion();
      assertTrue(joined > start, "two items joined");
      replica.apply(new CatalogChanged(List.of(item("a", "boots", false, T0)), Map.of("b", new float[] {1, 0, 0, 0})));
      assertEquals(joined, replica.membershipVersion(), "an item changed and a vector arrived: the same members");
      replica.apply(new CatalogChanged(List.of(item("c", "hats", true, T0)), Map.of(), List.of("a")));
      assertTrue(replica.membershipVersion() > joined, "one left and one joined: the count alone would not move");
      assertEquals(2, replica.size());
    }
  }

  @Test
  void everyForgottenItemIsToldToTheRemovalListenerWhetherDeletedOrHealedAway(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      List<String> told = new java.util.ArrayList<>();
      replica.onRemoved(told::add);
      replica.apply(new CatalogChanged(List.of(item("a", "shoes", true, T0), item("b", "hats", true, T0),
          item("c", "hats", true, T0)), Map.of()));
      replica.apply(new CatalogChanged(List.of(), Map.of(), List.of("a")));
      // c's deletion was missed; reconciliation finds it gone from Cassandra
      CatalogReplica.Differences found = replica.differences(List.of(item("b", "hats", true, T0)), Map.of());
      replica.heal(found, Set.of());
      assertEquals(List.of("a", "c"), told);
      assertNull(replica.item("c"));
    }
  }

  @Test
  void aHealLeavesEveryItemAChangeReachedAfterTheComparison(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      replica.apply(new CatalogChanged(List.of(item("a", "shoes", true, T0), item("gone", "hats", true, T0)),
          Map.of("a", new float[] {1, 0, 0, 0})));
      // stored: a changed with a retrained vector, b and c new (c with a vector), gone deleted
      CatalogReplica.Differences found = replica.differences(
          List.of(item("a", "caps", true, T0), item("b", "hats", true, T0), item("c", "hats", true, T0)),
          Map.of("a", new float[] {0, 1, 0, 0}, "c", new float[] {0, 0, 0, 1}));
      assertEquals(6, found.size());

      // the changes on their way arrive before the heal: a newer a and its vector; c created and
      // deleted again; gone deleted and re-created exactly as it was
      replica.apply(new CatalogChanged(List.of(item("a", "boots", true, T0)), Map.of("a", new float[] {0, 0, 1, 0})));
      replica.apply(new CatalogChanged(List.of(item("c", "hats", true, T0)), Map.of("c", new float[] {0, 0, 0, 1})));
      replica.remove(List.of("c", "gone"));
      replica.apply(new CatalogChanged(List.of(item("gone", "hats", true, T0)), Map.of()));

      assertEquals(1, replica.heal(found, Set.of("a", "c", "gone")), "only b, whose message was lost");
      assertEquals("boots", replica.item("a").category());
      assertArrayEquals(new float[] {0, 0, 1, 0}, replica.embedding("a"), 1e-6f);
      assertNull(replica.item("c"), "deleted after the comparison: not brought back");
      assertFalse(replica.isTrained("c"), "nor its vector");
      assertNotNull(replica.item("gone"), "re-created after the comparison: kept");
      assertNotNull(replica.item("b"));
    }
  }

  @Test
  void reconcileHealsWhatAMissedMessageCarriedAndLeavesTheRestAlone(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      Instant withNanos = T0.plusNanos(123_456_789);
      replica.apply(new CatalogChanged(List.of(item("a", "shoes", true, withNanos), item("b", "hats", true, T0)),
          Map.of()));
      // Cassandra has what a lost message carried: a new item, a changed one, a trained vector
      List<Item> stored = List.of(item("a", "shoes", true, withNanos.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)),
          item("b", "caps", true, T0), item("c", "hats", true, T0));
      Map<String, float[]> vectors = Map.of("a", new float[] {0, 0, 1, 0});

      assertEquals(3, replica.reconcile(stored, vectors), "b changed, c new, a's vector: a itself is unchanged");
      assertEquals("caps", replica.item("b").category());
      assertNotNull(replica.item("c"));
      assertTrue(replica.isTrained("a"));
      assertEquals(0, replica.reconcile(stored, vectors), "nothing missed any more");

      // a retrained vector whose message was lost, and one the index refuses (tried once only)
      Map<String, float[]> retrained = Map.of("a", new float[] {0, 1, 0, 0}, "c", new float[] {Float.NaN, 0, 0, 1});
      assertEquals(2, replica.reconcile(stored, retrained));
      assertArrayEquals(new float[] {0, 1, 0, 0}, replica.embedding("a"), 1e-6f);
      assertEquals(0, replica.reconcile(stored, retrained), "the refused vector is not healed again and again");
    }
  }

  @Test
  void aTrainedEmbeddingReplacesTheColdStartOneAndSurvivesLaterItemUpdates(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      replica.apply(new CatalogChanged(List.of(item("a", "shoes", true, T0)), Map.of("a", new float[] {0, 0, 0, 2})));
      assertArrayEquals(new float[] {0, 0, 0, 1}, replica.embedding("a"), 1e-6f);
      replica.apply(new CatalogChanged(List.of(item("a", "boots", true, T0)), Map.of()));
      assertArrayEquals(new float[] {0, 0, 0, 1}, replica.embedding("a"), 1e-6f, "still the trained one");
      assertEquals("boots", replica.item("a").category());
    }
  }

  @Test
  void unusableEmbeddingsAreSkippedAndCountedNotFatal(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      replica.apply(new CatalogChanged(List.of(item("a", "shoes", true, T0), item("b", "shoes", true, T0)),
          Map.of("a", new float[] {Float.NaN, 0, 0, 1}, "b", new float[] {1, 2})));
      assertEquals(2, replica.rejectedEmbeddings());
      assertEquals(0, replica.trainedEmbeddings());
      assertNotNull(replica.embedding("a"), "the cold-start embedding stays");
    }
  }

  @Test
  void unavailableItemsAreNeitherRecommendableNorFresh(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      replica.apply(new CatalogChanged(List.of(item("a", "shoes", true, T0), item("b", "shoes", true,
          T0.plusSeconds(60))), Map.of()));
      assertEquals("b", replica.fresh().newest(1, id -> true).get(0).itemId());
      replica.apply(new CatalogChanged(List.of(item("b", "shoes", false, T0.plusSeconds(60))), Map.of()));
      assertFalse(replica.recommendable("b"));
      assertTrue(replica.recommendable("a"));
      assertFalse(replica.recommendable("unknown"));
      assertEquals(List.of("a"), replica.fresh().newest(5, id -> true).stream().map(ScoredItem::itemId).toList());
    }
  }

  @Test
  void aRemovedItemLeavesEveryPartOfTheReplica(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      replica.apply(new CatalogChanged(List.of(item("a", "shoes", true, T0), item("b", "shoes", true,
          T0.plusSeconds(60))), Map.of("b", new float[] {0, 0, 1, 0})));
      replica.apply(CatalogChanged.removal(List.of("b", "never-known")));
      assertFalse(replica.recommendable("b"));
      assertNull(replica.item("b"));
      assertNull(replica.embedding("b"), "out of the vector index");
      assertFalse(replica.isTrained("b"));
      assertFalse(replica.trainedGram().covers("b"));
      assertEquals(List.of("a"), replica.fresh().newest(5, id -> true).stream().map(ScoredItem::itemId).toList());
      assertTrue(replica.recommendable("a"));
    }
  }

  @Test
  void reconciliationRemovesAnItemDeletedWhileItsMessageWasMissed(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      Item a = item("a", "shoes", true, T0);
      replica.apply(new CatalogChanged(List.of(a, item("b", "hats", true, T0)), Map.of()));
      assertEquals(1, replica.reconcile(List.of(a), Map.of()), "b is no longer stored");
      assertNull(replica.item("b"));
      assertEquals(0, replica.reconcile(List.of(a), Map.of()));
    }
  }

  /** What a user's cached retrieval was searched against (the retrieval cache's stamp). */
  @Test
  void theVectorsVersionMovesWithEveryTrainedVectorAndOnlyWithThem(@TempDir Path dir) {
    try (CatalogReplica replica = replica(dir)) {
      long start = replica.vectorsVersion();
      replica.apply(new CatalogChanged(List.of(item("a", "shoes", true, T0), item("b", "hats", true, T0)), Map.of()));
      assertEquals(start, replica.vectorsVersion(), "items and their cold-start vectors are no trained vectors");
      replica.upsertEmbeddings(Map.of("a", new float[] {1, 0, 0, 0}));
      long trained = replica.vectorsVersion();
      assertTrue(trained > start, "a trained vector arrived");
      replica.upsertEmbeddings(Map.of("b", new float[] {0, 0, 0, 0}));
      assertEquals(trained, replica.vectorsVersion(), "a vector the index refuses changes nothing");
      replica.remove(List.of("b"));
      assertEquals(trained, replica.vectorsVersion(), "b had no trained vector");
      replica.remove(List.of("a"));
      assertTrue(replica.vectorsVersion() > trained, "a trained vector left");
    }
  }
}
