package io.persona.simulations.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServingDatasetTest {
  private final ServingDataset data = new ServingDataset(10_000, 50, 100, 20, 42);

  @Test
  void categoriesPartitionTheCatalogWithSkewedSizes() {
    int[] starts = data.categoryStarts();
    assertEquals(0, starts[0]);
    assertEquals(10_000, starts[50]);
    for (int c = 0; c < 50; c++) {
      assertTrue(starts[c + 1] > starts[c], "category " + c + " is empty");
      assertEquals(c, ServingDataset.categoryOf(starts, starts[c]));
      assertEquals(c, ServingDataset.categoryOf(starts, starts[c + 1] - 1));
    }
    assertTrue(starts[1] - starts[0] > 10 * (starts[50] - starts[49]), "the first category is not much bigger");
  }

  @Test
  void everyCategoryGetsAnItemEvenWhenThereAreBarelyEnough() {
    int[] starts = new ServingDataset(200, 200, 1, 1, 1).categoryStarts();
    for (int c = 0; c < 200; c++) {
      assertEquals(1, starts[c + 1] - starts[c]);
    }
    assertThrows(IllegalArgumentException.class, () -> new ServingDataset(199, 200, 1, 1, 1));
  }

  @Test
  void embeddingsAreUnitVectorsNearTheirCategoryCentroid() {
    int[] starts = data.categoryStarts();
    double own = 0;
    double other = 0;
    for (int item = 0; item < 10_000; item += 97) {
      int category = ServingDataset.categoryOf(starts, item);
      float[] embedding = data.embedding(item, data.centroid(category));
      assertEquals(1.0, dot(embedding, embedding), 1e-4);
      own += dot(embedding, data.centroid(category));
      other += dot(embedding, data.centroid((category + 1) % 50));
    }
    assertTrue(own > 5 * Math.abs(other) && own > 0, "own " + own + ", other " + other);
  }

  @Test
  void everythingIsAFunctionOfTheSeed() {
    assertArrayEquals(data.embedding(7, data.centroid(3)), data.embedding(7, data.centroid(3)));
    assertArrayEquals(data.preferences(5, data.categoryStarts()), data.preferences(5, data.categoryStarts()));
    int[] starts = data.categoryStarts();
    int[] liked = data.preferences(5, starts);
    assertEquals(data.nextItem(starts, liked, new SplittableRandom(9)),
        data.nextItem(starts, liked, new SplittableRandom(9)));
  }

  @Test
  void usersMostlyTurnToCategoriesTheyLike() {
    int[] starts = data.categoryStarts();
    int[] liked = data.preferences(3, starts);
    SplittableRandom random = new SplittableRandom(1);
    int inLiked = 0;
    for (int i = 0; i < 1000; i++) {
      int category = ServingDataset.categoryOf(starts, data.nextItem(starts, liked, random));
      for (int c : liked) {
        if (c == category) {
          inLiked++;
          break;
        }
      }
    }
    assertTrue(inLiked > 750, inLiked + " of 1000 in liked categories");
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
