package io.persona.models.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class InteractionMatrixTest {

  @Test
  void rowsAreNumberedInIdOrderAndARepeatedPairSumsItsStrengths() {
    InteractionMatrix matrix = InteractionMatrix.builder()
        .add("u2", "b", 1).add("u1", "c", 2).add("u2", "a", 0.5).add("u2", "b", 3).add("u1", "a", 1)
        .build(DoubleUnaryOperator.identity());

    assertEquals(2, matrix.users());
    assertEquals(3, matrix.items());
    assertEquals(4, matrix.pairs());
    assertEquals("u1", matrix.userId(0));
    assertEquals("u2", matrix.userId(1));
    assertEquals(List.of("a", "b", "c"), List.of(matrix.itemId(0), matrix.itemId(1), matrix.itemId(2)));
    // u1: a 1, c 2; u2: a 0.5, b 1 + 3
    assertArrayEquals(new int[] {0, 2, 4}, matrix.byUser().start());
    assertArrayEquals(new int[] {0, 2, 0, 1}, matrix.byUser().other());
    assertArrayEquals(new double[] {1, 2, 0.5, 4}, matrix.byUser().strength());
    // a: u1 1, u2 0.5; b: u2 4; c: u1 2
    assertArrayEquals(new int[] {0, 2, 3, 4}, matrix.byItem().start());
    assertArrayEquals(new int[] {0, 1, 1, 0}, matrix.byItem().other());
    assertArrayEquals(new double[] {1, 0.5, 4, 2}, matrix.byItem().strength());
  }

  @Test
  void theScaleActsOnEachPairsSum() {
    InteractionMatrix matrix = InteractionMatrix.builder().add("u", "i", 1).add("u", "i", 2)
        .build(Math::log1p);

    assertArrayEquals(new double[] {Math.log1p(3)}, matrix.byUser().strength());
    assertArrayEquals(new double[] {Math.log1p(3)}, matrix.byItem().strength());
  }

  @Test
  void manyPairsSurviveTheTableGrowing() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder();
    // users and items arrive out of id order, so their rows are renumbered when built
    List<Integer> arrival = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 300).boxed().toList());
    java.util.Collections.shuffle(arrival, new java.util.Random(7));
    for (int u : arrival) {
      for (int i = 39; i >= 0; i--) {
        builder.add(String.format("u%03d", u), String.format("i%02d", (u + i) % 50), 1 + i % 3);
        builder.add(String.format("u%03d", u), String.format("i%02d", (u + i) % 50), 1);
      }
    }
    InteractionMatrix matrix = builder.build(DoubleUnaryOperator.identity());

    assertEquals(300 * 40, matrix.pairs());
    assertEquals(300, matrix.users());
    assertEquals(50, matrix.items());
    int[] start = matrix.byUser().start();
    for (int u = 0; u < 300; u++) {
      assertEquals(40, start[u + 1] - start[u]);
      for (int k = start[u]; k < start[u + 1]; k++) {
        int item = matrix.byUser().other()[k];
        int i = Math.floorMod(item - u, 50); // the i this pair was added with
        assertEquals(2 + i % 3, matrix.byUser().strength()[k], "user " + u + " item " + item);
        if (k > start[u]) {
          assertEquals(true, matrix.byUser().other()[k - 1] < item, "a row's entries are in item order");
        }
      }
    }
    // every pair appears once in the transposed rows, with its strength
    double byUser = java.util.Arrays.stream(matrix.byUser().strength()).sum();
    double byItem = java.util.Arrays.stream(matrix.byItem().strength()).sum();
    assertEquals(byUser, byItem, 1e-9);
    assertEquals(300 * 40, matrix.byItem().other().length);
  }

  @Test
  void aStrengthThatIsNotPositiveIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> InteractionMatrix.builder().add("u", "i", 0));
    assertThrows(IllegalArgumentException.class, () -> InteractionMatrix.builder().add("u", "i", Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> InteractionMatrix.builder().add("u", "i", 1).build(s -> -s));
  }

  @Test
  void anEmptyMatrixHasNoRows() {
    InteractionMatrix matrix = InteractionMatrix.builder().build(DoubleUnaryOperator.identity());

    assertEquals(0, matrix.pairs());
    assertEquals(0, matrix.users());
    assertArrayEquals(new int[] {0}, matrix.byUser().start());
  }
}
