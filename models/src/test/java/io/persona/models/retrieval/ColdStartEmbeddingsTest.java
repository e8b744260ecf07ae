package io.persona.models.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.catalog.Item;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdStartEmbeddingsTest {
  private static final int DIM = 32;

  private static Item item(String id, String category, String... tags) {
    return new Item(id, id, category, List.of(tags), null, true, Instant.EPOCH);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void theSameItemAlwaysGetsTheSameUnitEmbedding() {
    Item shoe = item("s1", "shoes", "red", "sale");
    float[] first = new ColdStartEmbeddings(DIM, 42).of(shoe);

    assertArrayEquals(first, new ColdStartEmbeddings(DIM, 42).of(item("other-id", "shoes", "red", "sale")));
    assertEquals(1.0, cosine(first, first), 1e-6);
    double norm = 0;
    for (float x : first) {
      norm += x * x;
    }
    assertEquals(1.0, norm, 1e-5);
    assertFalse(Arrays.equals(first, new ColdStartEmbeddings(DIM, 43).of(shoe)), "the seed matters");
  }

  @Test
  void embeddingsDoNotChangeBetweenReleases() {
    // Pinned: the persisted vector index and every node must agree on these.
    float[] v = new ColdStartEmbeddings(4, 42).of(item("i", "shoes", "red", "sale"));

    assertArrayEquals(new float[] {0.024769515f, 0.3366928f, 0.8831561f, 0.32566804f}, v);
  }

  @Test
  void itemsOfOneCategoryAreCloserThanItemsOfDifferentCategories() {
    ColdStartEmbeddings embeddings = new ColdStartEmbeddings(DIM, 7);
    String[] categories = {"shoes", "books", "garden", "toys"};
    String[] tags = {"red", "blue", "sale", "new", "eco", "kids"};
    float[][] vectors = new float[40][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embeddings.of(item("i" + i, categories[i % categories.length],
          tags[i % tags.length], tags[(i * 7 + 3) % tags.length]));
    }
    double same = 0;
    double different = 0;
    int sameCount = 0;
    int differentCount = 0;
    for (int i = 0; i < vectors.length; i++) {
      for (int j = i + 1; j < vectors.length; j++) {
        if (i % categories.length == j % categories.length) {
          same += cosine(vectors[i], vectors[j]);
          sameCount++;
        } else {
          different += cosine(vectors[i], vectors[j]);
          differentCount++;
        }
      }
    }
    same /= sameCount;
    different /= differentCount;
    assertTrue(same > 0.7, "same-category cosine " + same);
    assertTrue(different < 0.3, "different-category cosine " + different);
  }

  @Test
  void sharedTagsBringItemsCloser() {
    ColdStartEmbeddings embeddings = new ColdStartEmbeddings(DIM, 7);
    float[] a = embeddings.of(item("a", "shoes", "red"));

    assertTrue(cosine(a, embeddings.of(item("b", "shoes", "red")))
        > cosine(a, embeddings.of(item("c", "shoes", "blue"))));
    assertTrue(cosine(a, embeddings.of(item("d", "books", "red")))
        > cosine(a, embeddings.of(item("e", "books", "blue"))));
  }
}
