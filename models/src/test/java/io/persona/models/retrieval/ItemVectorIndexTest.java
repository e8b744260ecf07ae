package io.persona.models.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemVectorIndexTest {
  private static final int DIM = 16;
  private static final Predicate<String> ALL = id -> true;

  @TempDir
  Path dir;

  private static float[] random(SplittableRandom random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }

  private static float[] axis(int i) {
    float[] v = new float[DIM];
    v[i] = 1;
    return v;
  }

  private static Set<String> ids(List<ScoredItem> items) {
    Set<String> ids = new HashSet<>();
    items.forEach(item -> ids.add(item.itemId()));
    return ids;
  }

  @Test
  void manyRejectedNeighboursStillLeaveKAcceptedOnesWithOrWithoutTheHint() {
    SplittableRandom random = new SplittableRandom(11);
    try (ItemVectorIndex hnsw = ItemVectorIndex.open(dir.resolve("rejects"), DIM, 0, Duration.ZERO)) {
      for (int i = 0; i < 3000; i++) {
        hnsw.upsert("item-" + i, random(random));
      }
      hnsw.refresh();
      float[] query = random(random);
      // the 60 nearest are turned away, as a user's own items are: more than the usual over-fetch
      Set<String> rejected = ids(hnsw.nearest(query, 60, ALL));
      java.util.function.Predicate<String> accept = id -> !rejected.contains(id);
      long before = hnsw.graphSearches();
      List<ScoredItem> asked = hnsw.nearest(query, 100, accept);
      assertEquals(2, hnsw.graphSearches() - before, "125 asked, 60 turned away: asked again for 500");
      before = hnsw.graphSearches();
      List<ScoredItem> hinted = hnsw.nearest(query, 100, accept, 60);
      assertEquals(1, hnsw.graphSearches() - before, "told of the 60: one search of 185");
      assertEquals(100, asked.size());
      assertEquals(100, hinted.size());
      assertTrue(asked.stream().noneMatch(item -> rejected.contains(item.itemId())));
      assertTrue(hinted.stream().noneMatch(item -> rejected.contains(item.itemId())));
      Set<String> overlap = ids(hinted);
      overlap.retainAll(ids(asked));
      assertTrue(overlap.size() >= 90, "the same neighbours either way (approximate): " + overlap.size());
    }
  }

  @Test
  void approximateSearchFindsMostOfTheExactNeighbours() {
    SplittableRandom random = new SplittableRandom(7);
    try (ItemVectorIndex hnsw = ItemVectorIndex.open(dir.resolve("hnsw"), DIM, 0, Duration.ZERO);
         ItemVectorIndex exact = ItemVectorIndex.open(dir.resolve("exact"), DIM, Integer.MAX_VALUE)) {
      for (int i = 0; i < 5000; i++) {
        float[] v = random(random);
        hnsw.upsert("item-" + i, v);
        exact.upsert("item-" + i, v);
      }
      hnsw.refresh();
      int found = 0;
      int queries = 50;
      for (int q = 0; q < queries; q++) {
        float[] query = random(random);
        List<ScoredItem> approximate = hnsw.nearest(query, 10, ALL);
        List<ScoredItem> truth = exact.nearest(query, 10, ALL);
        assertEquals(10, approximate.size());
        Set<String> hits = ids(approximate);
        hits.retainAll(ids(truth));
        found += hits.size();
        for (int i = 1; i < approximate.size(); i++) {
          assertTrue(approximate.get(i - 1).score() >= approximate.get(i).score(), "best first");
        }
      }
      double recall = found / (10.0 * queries);
      assertTrue(recall >= 0.9, "recall@10 was " + recall);
    }
  }

  @Test
  void scoresAreCosineSimilarities() {
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, 100)) {
      float[] a = axis(0);
      float[] diagonal = axis(0);
      diagonal[1] = 1;
      index.upsert("a", new float[] {3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
      index.upsert("diagonal", diagonal);
      index.upsert("b", axis(1));
      index.upsert("opposite", new float[] {-2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

      List<ScoredItem> result = index.nearest(new float[] {5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 4, ALL);

      assertEquals(List.of("a", "diagonal", "b", "opposite"), result.stream().map(ScoredItem::itemId).toList());
      assertEquals(1.0, result.get(0).score(), 1e-6);
      assertEquals(Math.sqrt(0.5), result.get(1).score(), 1e-6);
      assertEquals(0.0, result.get(2).score(), 1e-6);
      assertEquals(-1.0, result.get(3).score(), 1e-6);
      assertArrayEquals(a, index.vector("a"), 1e-6f, "stored normalized");
    }
  }

  @Test
  void reopenedIndexHasTheSameVectorsWithoutReindexing() {
    SplittableRandom random = new SplittableRandom(11);
    float[][] vectors = new float[300][];
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, 0)) {
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = random(random);
        index.upsert("item-" + i, vectors[i]);
      }
      index.upsert("item-0", vectors[0]);
      assertEquals(vectors.length, index.writes(), "an unchanged vector is not written again");
    }

    float[] query = random(random);
    try (ItemVectorIndex reopened = ItemVectorIndex.open(dir, DIM, 0)) {
      assertEquals(vectors.length, reopened.size());
      for (int i = 0; i < vectors.length; i++) {
        reopened.upsert("item-" + i, vectors[i]);
      }
      assertEquals(0, reopened.writes(), "reloading the same catalog writes nothing");

      List<ScoredItem> approximate = reopened.nearest(query, 5, ALL);
      try (ItemVectorIndex exact = ItemVectorIndex.open(dir.resolve("exact"), DIM, Integer.MAX_VALUE)) {
        for (int i = 0; i < vectors.length; i++) {
          exact.upsert("item-" + i, vectors[i]);
        }
        assertEquals(ids(exact.nearest(query, 5, ALL)), ids(approximate));
        assertArrayEquals(exact.vector("item-42"), reopened.vector("item-42"));
      }
    }
  }

  @Test
  void changedVectorReplacesTheOldOne() {
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, 0, Duration.ZERO)) {
      for (int i = 0; i < DIM; i++) {
        index.upsert("axis-" + i, axis(i));
      }
      index.upsert("mover", axis(0));
      index.upsert("mover", axis(5));

      assertEquals(DIM + 1, index.size());
      assertTrue(ids(index.nearest(axis(5), 2, ALL)).contains("mover"));
      assertTrue(!ids(index.nearest(axis(0), 2, ALL)).contains("mover"));
    }
  }

  @Test
  void removedItemsAreNotFoundBeforeOrAfterARestart() {
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, 0, Duration.ZERO)) {
      for (int i = 0; i < DIM; i++) {
        index.upsert("axis-" + i, axis(i));
      }
      index.remove("axis-3");
      index.remove("never-added");

      assertNull(index.vector("axis-3"));
      assertEquals(DIM - 1, index.size());
      assertTrue(!ids(index.nearest(axis(3), DIM, ALL)).contains("axis-3"));
    }
    try (ItemVectorIndex reopened = ItemVectorIndex.open(dir, DIM, 0)) {
      assertEquals(DIM - 1, reopened.size());
      assertNull(reopened.vector("axis-3"));
    }
  }

  @Test
  void filterIsRespectedWithoutShorteningTheResult() {
    SplittableRandom random = new SplittableRandom(3);
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, 0, Duration.ZERO)) {
      for (int i = 0; i < 1000; i++) {
        index.upsert("item-" + i, random(random));
      }
      // Rejects 99% of the items: the first graph search cannot return enough of the rest.
      Predicate<String> rare = id -> Integer.parseInt(id.substring(5)) % 100 == 0;

      List<ScoredItem> result = index.nearest(random(random), 5, rare);

      assertEquals(5, result.size());
      assertTrue(result.stream().map(ScoredItem::itemId).allMatch(rare));
    }
  }

  @Test
  void newItemsBecomeFindableAfterARefresh() {
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, 0, Duration.ofHours(1))) {
      for (int i = 0; i < 8; i++) {
        index.upsert("axis-" + i, axis(i));
      }
      index.refresh();
      index.upsert("late", axis(12));
      index.refresh();

      assertEquals("late", index.nearest(axis(12), 1, ALL).get(0).itemId());
    }
  }

  @Test
  void badVectorsAreRejected() {
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, 10)) {
      assertThrows(IllegalArgumentException.class, () -> index.upsert("short", new float[DIM - 1]));
      float[] nan = axis(0);
      nan[2] = Float.NaN;
      assertThrows(IllegalArgumentException.class, () -> index.upsert("nan", nan));
      float[] infinite = axis(0);
      infinite[2] = Float.POSITIVE_INFINITY;
      assertThrows(IllegalArgumentException.class, () -> index.upsert("infinite", infinite));
      assertThrows(IllegalArgumentException.class, () -> index.upsert("zero", new float[DIM]));
      assertThrows(IllegalArgumentException.class, () -> index.nearest(new float[DIM + 1], 3, ALL));
      assertEquals(0, index.size());
      assertEquals(0, index.writes());
    }
  }

  @Test
  void innerProductKeepsLengthsAndScoresByDotProduct() {
    float[] shortA = axis(0);
    float[] longA = axis(0);
    longA[0] = 3;
    float[] b = axis(1);
    b[1] = 2;
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, VectorSimilarity.INNER_PRODUCT, 0, Duration.ZERO)) {
      index.upsert("short-a", shortA);
      index.upsert("long-a", longA);
      index.upsert("b", b);
      index.upsert("zero", new float[DIM]);

      assertArrayEquals(longA, index.vector("long-a"), "stored as given");
      float[] query = axis(0);
      query[1] = 1;
      List<ScoredItem> found = index.nearest(query, 4, ALL);
      assertEquals(List.of("long-a", "b", "short-a", "zero"), found.stream().map(ScoredItem::itemId).toList());
      assertEquals(3.0, found.get(0).score(), 1e-6);
      assertEquals(2.0, found.get(1).score(), 1e-6);
    }
    try (ItemVectorIndex reopened = ItemVectorIndex.open(dir, DIM, VectorSimilarity.INNER_PRODUCT, 0, Duration.ZERO)) {
      assertArrayEquals(longA, reopened.vector("long-a"), "read back as stored");
    }
  }

  @Test
  void anIndexStoredUnderAnotherSimilarityStartsEmpty() {
    try (ItemVectorIndex cosine = ItemVectorIndex.open(dir, DIM, 10)) {
      cosine.upsert("a", axis(0));
    }
    try (ItemVectorIndex inner = ItemVectorIndex.open(dir, DIM, VectorSimilarity.INNER_PRODUCT, 10, Duration.ZERO)) {
      assertEquals(0, inner.size(), "the node reloads its vectors from Cassandra; a stale copy is dropped");
      inner.upsert("b", axis(1));
    }
    try (ItemVectorIndex again = ItemVectorIndex.open(dir, DIM, VectorSimilarity.INNER_PRODUCT, 10, Duration.ZERO)) {
      assertEquals(1, again.size());
    }
  }

  @Test
  void anIndexOfAnotherDimensionIsNotOpened() {
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, 10)) {
      index.upsert("a", axis(0));
    }
    assertThrows(IllegalArgumentException.class, () -> ItemVectorIndex.open(dir, DIM * 2, 10));
    try (ItemVectorIndex again = ItemVectorIndex.open(dir, DIM, 10)) {
      assertEquals(1, again.size(), "a failed open leaves the index usable");
    }
  }

  @Test
  void exactSearchSeesEveryWriteAndFindsTheTrueNeighboursWhileAnotherThreadWrites() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (ItemVectorIndex exact = ItemVectorIndex.open(dir.resolve("flat"), DIM, Integer.MAX_VALUE)) {
      SplittableRandom seed = new SplittableRandom(5);
      for (int i = 0; i < 2000; i++) {
        exact.upsert("item-" + i, random(seed));
      }
      assertEquals(10, exact.nearest(random(seed), 10, ALL).size()); // the copy exists from here on
      AtomicBoolean writing = new AtomicBoolean(true);
      Future<?> writer = threads.submit(() -> {
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 3000; i++) { // past the rebuild share more than once
          exact.upsert("item-" + random.nextInt(2500), random(random));
          if (i % 10 == 0) {
            exact.remove("item-" + random.nextInt(2500));
          }
        }
        writing.set(false);
        return null;
      });
      Future<Integer> reader = threads.submit(() -> {
        SplittableRandom random = new SplittableRandom(7);
        int searches = 0;
        while (writing.get()) {
          List<ScoredItem> result = exact.nearest(random(random), 20, ALL);
          assertEquals(20, result.size());
          assertEquals(20, ids(result).size(), "no duplicates");
          searches++;
        }
        return searches;
      });
      writer.get(30, TimeUnit.SECONDS);
      assertTrue(reader.get(30, TimeUnit.SECONDS) > 0);
      // a write just made is found at once (no refresh), a removed item never, and the answer is
      // the map's own best, before and after the commit folds the overlay in
      float[] fresh = axis(3);
      exact.upsert("fresh", fresh);
      exact.remove("item-7");
      for (int pass = 0; pass < 2; pass++) {
        List<ScoredItem> best = exact.nearest(fresh, 5, ALL);
        assertEquals("fresh", best.get(0).itemId());
        assertTrue(exact.nearest(random(seed), exact.size(), ALL).stream().noneMatch(i -> i.itemId().equals("item-7")));
        exact.commit();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void searchesRunWhileAnotherThreadWrites() throws Exception {
    int items = 1000;
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try (ItemVectorIndex index = ItemVectorIndex.open(dir, DIM, 100, Duration.ofMillis(1))) {
      AtomicBoolean writing = new AtomicBoolean(true);
      Future<?> writer = threads.submit(() -> {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < items; i++) {
          index.upsert("item-" + i, random(random));
          if (i % 100 == 99) {
            index.remove("item-" + (i - 50));
          }
        }
        writing.set(false);
        return null;
      });
      List<Future<Integer>> readers = List.of(0, 1).stream().map(seed -> threads.submit(() -> {
        SplittableRandom random = new SplittableRandom(100 + seed);
        int searches = 0;
        while (writing.get()) {
          List<ScoredItem> result = index.nearest(random(random), 10, ALL);
          assertTrue(result.size() <= 10);
          assertEquals(result.size(), ids(result).size(), "no duplicates");
          searches++;
        }
        return searches;
      })).toList();

      writer.get(30, TimeUnit.SECONDS);
      for (Future<Integer> reader : readers) {
        reader.get(30, TimeUnit.SECONDS);
      }
      index.refresh();
      assertEquals(items - items / 100, index.size());
      SplittableRandom replay = new SplittableRandom(1);
      float[] last = null;
      for (int i = 0; i < items; i++) {
        last = random(replay);
      }
      // the last write is whole: its vector is stored, and an approximate search finds it among the
      // nearest 10 (with k = 1, HNSW's graph, built while segments merged concurrently, missed the
      // exact match once in CI: approximate search has no recall guarantee)
      float[] stored = index.vector("item-" + (items - 1));
      double dot = 0;
      double norm = 0;
      for (int d = 0; d < DIM; d++) {
        dot += stored[d] * last[d];
        norm += last[d] * last[d];
      }
      assertEquals(1.0, dot / Math.sqrt(norm), 1e-5, "stored as the last write's direction (a cosine index keeps unit vectors)");
      assertTrue(ids(index.nearest(last, 10, ALL)).contains("item-" + (items - 1)));
    } finally {
      threads.shutdownNow();
    }
  }
}
