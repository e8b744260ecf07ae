package io.persona.models.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.models.retrieval.EmbeddingFoldIn;
import io.persona.models.retrieval.ItemGram;
import io.persona.models.retrieval.ItemVectorIndex;
import io.persona.models.retrieval.ScoredItem;
import io.persona.models.retrieval.VectorSimilarity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Implicit ALS on a real slice (the first 6,000 purchase lines of UCI Online Retail): the space it
 * learns, the exact fold-in of a trained user, the stability of consecutive warm-started tables,
 * and inner-product search over its vectors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImplicitAlsOnRetailTest {
  /** Regularization and alpha as tuned by the offline benchmark; iterations enough to settle. */
  private static final AlsSettings SETTINGS = new AlsSettings(16, 40, 10.0, 1.0, 5);
  private static final int NEIGHBOURS = 10;

  private record Line(String userId, String itemId, String invoice) {}

  private List<Line> lines;
  private Factors factors;

  @BeforeAll
  void train() {
    lines = read();
    factors = ImplicitAls.train(interactions(lines.subList(0, 5_800)), SETTINGS);
  }

  @Test
  void aTrainedUsersFoldInIsTheirAlsFactor() {
    ItemGram gram = new ItemGram(SETTINGS.dimension());
    factors.items().forEach(gram::put);
    EmbeddingFoldIn foldIn = new EmbeddingFoldIn(SETTINGS.dimension(), SETTINGS.regularization(), SETTINGS.alpha());
    Map<String, Map<String, Double>> strengths = strengthsByUser(interactions(lines.subList(0, 5_800)));

    int compared = 0;
    for (String user : new TreeMap<>(strengths).keySet()) {
      float[] folded = foldIn.foldIn(strengths.get(user), factors.items()::get, gram.snapshot());
      float[] trained = factors.users().get(user);
      for (int i = 0; i < trained.length; i++) {
        assertEquals(trained[i], folded[i], 1e-4 + 1e-3 * Math.abs(trained[i]), "user " + user + ", dimension " + i);
      }
      compared++;
    }
    assertTrue(compared > 50, "users compared: " + compared);
  }

  @Test
  void anItemsNearestNeighboursAreItemsBoughtWithIt() {
    Map<String, Set<String>> invoices = new HashMap<>();
    Map<String, Integer> buyers = new HashMap<>();
    for (Line line : lines.subList(0, 5_800)) {
      invoices.computeIfAbsent(line.invoice(), i -> new HashSet<>()).add(line.itemId());
      buyers.merge(line.itemId(), 1, Integer::sum);
    }
    Map<String, Set<String>> boughtWith = new HashMap<>();
    invoices.values().forEach(items -> items.forEach(item ->
        boughtWith.computeIfAbsent(item, i -> new HashSet<>()).addAll(items)));
    List<String> popular = buyers.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(50).map(Map.Entry::getKey).toList();

    double coBought = 0;
    for (String item : popular) {
      List<String> neighbours = neighbours(factors.items(), item);
      coBought += neighbours.stream().filter(boughtWith.get(item)::contains).count() / (double) neighbours.size();
    }
    double share = coBought / popular.size();
    assertTrue(share >= 0.7, "share of the popular items' 10 nearest neighbours bought in one invoice with them: " + share);
  }

  @Test
  void consecutiveWarmStartedTrainingsKeepTheSpaceAndTheNeighbourLists() {
    List<Interaction> history = interactions(lines.subList(0, 5_800));
    // The next scheduled run over the same history, warm-started from the stored table.
    Factors next = ImplicitAls.train(history, SETTINGS, factors.items());
    // The same run started cold, from another seed: the same kind of answer in other coordinates.
    Factors cold = ImplicitAls.train(history, new AlsSettings(SETTINGS.dimension(), SETTINGS.iterations(),
        SETTINGS.regularization(), SETTINGS.alpha(), SETTINGS.seed() + 1));

    List<String> items = new ArrayList<>(new TreeMap<>(factors.items()).keySet());
    double overlap = 0;
    double warmDrift = 0;
    double coldDrift = 0;
    for (String item : items) {
      Set<String> before = new HashSet<>(neighbours(factors.items(), item));
      overlap += neighbours(next.items(), item).stream().filter(before::contains).count() / (double) NEIGHBOURS;
      warmDrift += cosine(factors.items().get(item), next.items().get(item));
      coldDrift += cosine(factors.items().get(item), cold.items().get(item));
    }
    overlap /= items.size();
    warmDrift /= items.size();
    coldDrift /= items.size();
    assertTrue(overlap >= 0.9, "mean overlap of 10-neighbour lists between consecutive trainings: " + overlap);
    // Coordinates a ranker may have learned from stay put under a warm start, not under a cold one.
    assertTrue(warmDrift >= 0.95, "mean cosine of an item's vectors in consecutive tables: " + warmDrift);
    assertTrue(coldDrift < 0.5, "mean cosine of an item's vectors in a cold-started table: " + coldDrift);
  }

  @Test
  void innerProductSearchFindsWhatExactSearchFinds(@TempDir Path dir) {
    try (ItemVectorIndex approximate = ItemVectorIndex.open(dir.resolve("hnsw"), SETTINGS.dimension(),
            VectorSimilarity.INNER_PRODUCT, 0, Duration.ZERO);
         ItemVectorIndex exact = ItemVectorIndex.open(dir.resolve("exact"), SETTINGS.dimension(),
            VectorSimilarity.INNER_PRODUCT, Integer.MAX_VALUE, Duration.ZERO)) {
      factors.items().forEach(approximate::upsert);
      factors.items().forEach(exact::upsert);
      approximate.commit();

      double recall = 0;
      List<String> users = new ArrayList<>(new TreeMap<>(factors.users()).keySet());
      for (String user : users) {
        float[] query = factors.users().get(user);
        Set<String> truth = ids(exact.nearest(query, NEIGHBOURS, id -> true));
        recall += ids(approximate.nearest(query, NEIGHBOURS, id -> true)).stream().filter(truth::contains).count()
            / (double) truth.size();
      }
      recall /= users.size();
      assertTrue(recall >= 0.95, "recall@10 of HNSW inner-product search against exact search: " + recall);
    }
  }

  /** The 10 items of highest cosine with {@code item}, itself excluded. */
  private static List<String> neighbours(Map<String, float[]> vectors, String item) {
    float[] v = vectors.get(item);
    return vectors.entrySet().stream().filter(e -> !e.getKey().equals(item))
        .sorted(Comparator.<Map.Entry<String, float[]>>comparingDouble(e -> -cosine(v, e.getValue()))
            .thenComparing(Map.Entry::getKey))
        .limit(NEIGHBOURS).map(Map.Entry::getKey).toList();
  }

  private static Set<String> ids(List<ScoredItem> found) {
    Set<String> ids = new HashSet<>();
    found.forEach(s -> ids.add(s.itemId()));
    return ids;
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
    return dot / Math.sqrt(na * nb + 1e-30);
  }

  /** One interaction per purchase line: a user's strength for an item is the lines that bought it. */
  private static List<Interaction> interactions(List<Line> lines) {
    return lines.stream().map(l -> new Interaction(l.userId(), l.itemId(), 1.0)).toList();
  }

  private static Map<String, Map<String, Double>> strengthsByUser(List<Interaction> interactions) {
    Map<String, Map<String, Double>> byUser = new HashMap<>();
    interactions.forEach(i -> byUser.computeIfAbsent(i.userId(), u -> new HashMap<>())
        .merge(i.itemId(), i.strength(), Double::sum));
    return byUser;
  }

  private static List<Line> read() {
    try (InputStream raw = ImplicitAlsOnRetailTest.class.getResourceAsStream("/online-retail/first-6000.csv.gz");
         BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
             StandardCharsets.UTF_8))) {
      List<Line> lines = new ArrayList<>();
      reader.readLine(); // header: user_id,item_id,timestamp_iso_utc,quantity,unit_price,invoice,...
      for (String row = reader.readLine(); row != null; row = reader.readLine()) {
        String[] cells = row.split(",", 7);
        lines.add(new Line(cells[0], cells[1], cells[5]));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
