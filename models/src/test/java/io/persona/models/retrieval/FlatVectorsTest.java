package io.persona.models.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FlatVectorsTest {
  private static final int DIM = 8;

  private static float[] random(SplittableRandom random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }

  /** The answer by definition: every accepted vector of the map scored, best first, ties by id. */
  private static List<ScoredItem> bruteForce(Map<String, float[]> vectors, float[] q, int k, Predicate<String> accept) {
    List<ScoredItem> all = new ArrayList<>();
    vectors.forEach((id, v) -> {
      if (accept.test(id)) {
        double sum = 0;
        for (int i = 0; i < DIM; i++) {
          sum += (double) q[i] * v[i];
        }
        all.add(new ScoredItem(id, sum));
      }
    });
    all.sort(Comparator.comparingDouble(ScoredItem::score).reversed().thenComparing(ScoredItem::itemId));
    return all.subList(0, Math.min(k, all.size()));
  }

  @Test
  void findsExactlyTheBestAcceptedItemsThroughWritesRemovalsAndRebuilds() {
    SplittableRandom random = new SplittableRandom(7);
    Map<String, float[]> vectors = new ConcurrentHashMap<>();
    for (int i = 0; i < 3000; i++) {
      vectors.put("i" + i, random(random));
    }
    FlatVectors flat = new FlatVectors(vectors, DIM);
    Predicate<String> odd = id -> Integer.parseInt(id.substring(1)) % 2 == 1;
    for (int round = 0; round < 40; round++) {
      // writes between searches: changed vectors, new items, removed ones; some rounds pass the rebuild share
      int writes = round % 10 == 9 ? 600 : 20;
      for (int w = 0; w < writes; w++) {
        String id = "i" + random.nextInt(4000);
        if (random.nextInt(4) == 0) {
          vectors.remove(id);
          flat.remove(id, vectors);
        } else {
          float[] v = random(random);
          vectors.put(id, v);
          flat.put(id, v, vectors);
        }
      }
      float[] q = random(random);
      assertEquals(bruteForce(vectors, q, 25, odd), flat.nearest(q, 25, odd), "round " + round);
      assertEquals(bruteForce(vectors, q, 10, id -> true), flat.nearest(q, 10, id -> true), "round " + round);
    }
  }

  @Test
  void asksThePredicateOnlyForItemsThatCouldEnterTheBest() {
    SplittableRandom random = new SplittableRandom(3);
    Map<String, float[]> vectors = new ConcurrentHashMap<>();
    for (int i = 0; i < 20_000; i++) {
      vectors.put("i" + i, random(random));
    }
    FlatVectors flat = new FlatVectors(vectors, DIM);
    AtomicInteger asked = new AtomicInteger();
    List<ScoredItem> best = flat.nearest(random(random), 50, id -> {
      asked.incrementAndGet();
      return true;
    });
    assertEquals(50, best.size());
    // a running top-50 over 20,000 items in random order is entered ~50·ln(20000/50) ≈ 300 times
    assertTrue(asked.get() < 2_000, "the predicate was asked " + asked.get() + " times");
  }

  @Test
  void theScreenMissesNoRowWhereFloatProductsUnderflowOrOneVectorIsFarLonger() {
    Map<String, float[]> vectors = new ConcurrentHashMap<>();
    // b first: its product and a's both round to 0 in float, yet a scores twice b exactly
    vectors.put("b", new float[] {5e-24f, 0, 0, 0, 0, 0, 0, 0});
    vectors.put("a", new float[] {1e-23f, 0, 0, 0, 0, 0, 0, 0});
    float[] tiny = {1e-23f, 0, 0, 0, 0, 0, 0, 0};
    FlatVectors flat = new FlatVectors(vectors, DIM);
    assertEquals(bruteForce(vectors, tiny, 1, id -> true), flat.nearest(tiny, 1, id -> true));
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 500; i++) {
      vectors.put("i" + i, random(random));
    }
    float[] outlier = random(random);
    for (int i = 0; i < DIM; i++) {
      outlier[i] *= 1e6f;
    }
    vectors.put("long", outlier);
    flat.rebuild(vectors);
    for (int round = 0; round < 20; round++) {
      float[] q = random(random);
      assertEquals(bruteForce(vectors, q, 20, id -> true), flat.nearest(q, 20, id -> true));
    }
  }

  @Test
  void tiesGoToTheSmallerIdAndShortCatalogsReturnWhatTheyHave() {
    Map<String, float[]> vectors = new ConcurrentHashMap<>();
    float[] same = new float[DIM];
    same[0] = 1;
    for (String id : List.of("c", "a", "d", "b")) {
      vectors.put(id, same);
    }
    FlatVectors flat = new FlatVectors(vectors, DIM);
    assertEquals(List.of("a", "b"), flat.nearest(same, 2, id -> true).stream().map(ScoredItem::itemId).toList());
    assertEquals(4, flat.nearest(same, 10, id -> true).size());
    assertEquals(List.of(), flat.nearest(same, 10, id -> false));
  }
}
