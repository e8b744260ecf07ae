package io.persona.models.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.persona.models.retrieval.CholeskySolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link ImplicitAls} on its compact matrix gives exactly the factors of the textbook form it
 * replaced (sorted maps of summed strengths, one solve per row in id order): the same published
 * (float) vectors. Real purchases with repeated pairs, cold and warm started. (Rounding differences
 * of the last double bit, e.g. another order of the same sums, do not reach the floats here; a
 * wrong sum, equation or warm start does.)
 */
class ImplicitAlsReferenceTest {
  private static final AlsSettings SETTINGS = new AlsSettings(8, 6, 3.0, 2.0, 11);

  @Test
  void theCompactTrainingGivesTheReferenceFactors() throws IOException {
    List<Interaction> purchases = purchases();
    Factors cold = ImplicitAls.train(purchases, SETTINGS);
    assertSame(reference(purchases, Map.of()), cold);

    List<Interaction> later = purchases.subList(1_000, purchases.size());
    assertSame(reference(later, cold.items()), ImplicitAls.train(later, SETTINGS, cold.items()));
  }

  private static void assertSame(Factors expected, Factors actual) {
    assertEquals(expected.users().keySet(), actual.users().keySet());
    assertEquals(expected.items().keySet(), actual.items().keySet());
    expected.users().forEach((id, v) -> assertArrayEquals(v, actual.users().get(id), "user " + id));
    expected.items().forEach((id, v) -> assertArrayEquals(v, actual.items().get(id), "item " + id));
  }

  /** Each line a purchase of strength 0.5 to 2.3 (varied, so sums of repeated pairs are not round). */
  private static List<Interaction> purchases() throws IOException {
    try (InputStream raw = ImplicitAlsReferenceTest.class.getResourceAsStream("/online-retail/first-6000.csv.gz");
         BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
             StandardCharsets.UTF_8))) {
      List<Interaction> purchases = new ArrayList<>();
      reader.readLine();
      int n = 0;
      for (String row = reader.readLine(); row != null; row = reader.readLine()) {
        String[] cells = row.split(",", 7);
        purchases.add(new Interaction(cells[0], cells[1], 0.5 + (n++ % 7) * 0.3));
      }
      return purchases;
    }
  }

  /** The reference: strengths summed in sorted maps, rows solved in id order against VᵀV + Vᵀ(C − I)V + λI. */
  private static Factors reference(List<Interaction> interactions, Map<String, float[]> warm) {
    Map<String, Map<String, Double>> byUser = new TreeMap<>();
    Map<String, Map<String, Double>> byItem = new TreeMap<>();
    for (Interaction i : interactions) {
      byUser.computeIfAbsent(i.userId(), u -> new TreeMap<>()).merge(i.itemId(), i.strength(), Double::sum);
    }
    byUser.forEach((user, items) -> items.forEach((item, s) ->
        byItem.computeIfAbsent(item, x -> new TreeMap<>()).put(user, s)));
    int d = SETTINGS.dimension();
    Random random = new Random(SETTINGS.seed());
    double scale = 0.1 / Math.sqrt(d);
    Map<String, double[]> items = new TreeMap<>();
    for (String item : byItem.keySet()) {
      double[] v = new double[d];
      for (int c = 0; c < d; c++) {
        v[c] = random.nextGaussian() * scale;
      }
      float[] previous = warm.get(item);
      if (previous != null) {
        for (int c = 0; c < d; c++) {
          v[c] = previous[c];
        }
      }
      items.put(item, v);
    }
    Map<String, double[]> users = null;
    for (int it = 0; it < SETTINGS.iterations(); it++) {
      users = solve(byUser, items);
      items = solve(byItem, users);
    }
    users = solve(byUser, items);
    return new Factors(floats(users), floats(items));
  }

  private static Map<String, double[]> solve(Map<String, Map<String, Double>> rows, Map<String, double[]> fixed) {
    int d = SETTINGS.dimension();
    double[] gram = new double[d * d];
    for (double[] v : fixed.values()) {
      addOuter(gram, v, 1);
    }
    Map<String, double[]> solved = new TreeMap<>();
    rows.forEach((id, entries) -> {
      double[] a = gram.clone();
      double[] b = new double[d];
      entries.forEach((other, strength) -> {
        double[] v = fixed.get(other);
        double extra = SETTINGS.alpha() * strength;
        addOuter(a, v, extra);
        for (int c = 0; c < d; c++) {
          b[c] += (1 + extra) * v[c];
        }
      });
      for (int i = 0; i < d; i++) {
        a[i * d + i] += SETTINGS.regularization();
      }
      solved.put(id, CholeskySolver.solve(a, b, d));
    });
    return solved;
  }

  private static void addOuter(double[] lower, double[] v, double weight) {
    int d = v.length;
    for (int r = 0; r < d; r++) {
      double wv = weight * v[r];
      for (int c = 0; c <= r; c++) {
        lower[r * d + c] += wv * v[c];
      }
    }
  }

  private static Map<String, float[]> floats(Map<String, double[]> factors) {
    Map<String, float[]> out = new TreeMap<>();
    factors.forEach((id, v) -> {
      float[] f = new float[v.length];
      for (int c = 0; c < v.length; c++) {
        f[c] = (float) v[c];
      }
      out.put(id, f);
    });
    return out;
  }
}
