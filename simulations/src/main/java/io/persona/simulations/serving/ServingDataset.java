package io.persona.simulations.serving;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The catalog and users of the serving benchmark, shared by {@link CatalogSeeder} (which writes
 * them) and the Gatling simulations (which ask for them). Everything is a function of the sizes and
 * the seed: ids are stable, so seeding twice upserts the same items and resends the same events.
 *
 * <p>Categories have Zipf-like sizes (a few big ones, a long tail), each owns a contiguous block of
 * item numbers, and its items' embeddings scatter around the category's centroid, as a trained
 * embedding would. Within a category low item numbers are the popular ones.
 *
 * @param items         catalog size
 * @param categories    number of categories
 * @param users         users with a warm-up history
 * @param eventsPerUser warm-up events per user
 * @param seed          everything random derives from it
 */
public record ServingDataset(int items, int categories, int users, int eventsPerUser, long seed) {
  public static final int EMBEDDING_DIMENSION = 16;
  private static final double CATEGORY_SKEW = 0.8;
  private static final double EMBEDDING_NOISE = 0.2;
  private static final double PREFERRED_SHARE = 0.8;
  private static final String[] SHARED_TAGS = {"new", "sale", "bestseller", "eco", "premium", "bundle"};

  public ServingDataset {
    if (categories < 1 || items < categories) {
      throw new IllegalArgumentException("need at least one item per category: " + items + " items, " + categories
          + " categories");
    }
  }

  /** Sizes from -Dbench.items, -Dbench.categories, -Dbench.users, -Dbench.events-per-user, -Dbench.seed. */
  public static ServingDataset fromSystemProperties() {
    return new ServingDataset(
        Integer.getInteger("bench.items", 100_000),
        Integer.getInteger("bench.categories", 200),
        Integer.getInteger("bench.users", 2_000),
        Integer.getInteger("bench.events-per-user", 20),
        Long.getLong("bench.seed", 42L));
  }

  public String itemId(int item) {
    return "sv-i" + item;
  }

  public String categoryId(int category) {
    return "sv-c" + category;
  }

  public String userId(int user) {
    return "sv-u" + user;
  }

  /** The first item number of each category, plus {@code items} at the end. */
  int[] categoryStarts() {
    double[] weights = new double[categories];
    double total = 0;
    for (int c = 0; c < categories; c++) {
      weights[c] = 1.0 / Math.pow(c + 1, CATEGORY_SKEW);
      total += weights[c];
    }
    // one item per category for sure, the rest shared out by weight (largest remainder)
    int spare = items - categories;
    int[] sizes = new int[categories];
    double[] remainders = new double[categories];
    int given = 0;
    for (int c = 0; c < categories; c++) {
      double share = spare * weights[c] / total;
      sizes[c] = 1 + (int) share;
      remainders[c] = share - (int) share;
      given += (int) share;
    }
    for (int left = spare - given; left > 0; left--) {
      int best = 0;
      for (int c = 1; c < categories; c++) {
        if (remainders[c] > remainders[best]) {
          best = c;
        }
      }
      sizes[best]++;
      remainders[best] = -1;
    }
    int[] starts = new int[categories + 1];
    for (int c = 0; c < categories; c++) {
      starts[c + 1] = starts[c] + sizes[c];
    }
    return starts;
  }

  /** A category drawn with the categories' sizes as weights. */
  static int weightedCategory(int[] starts, int items, SplittableRandom random) {
    return categoryOf(starts, random.nextInt(items));
  }

  /** The category that owns item number {@code item}. */
  static int categoryOf(int[] starts, int item) {
    int lo = 0;
    int hi = starts.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= item) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** An item of {@code category}, skewed towards its low (popular) numbers. */
  static int itemIn(int[] starts, int category, SplittableRandom random) {
    int size = starts[category + 1] - starts[category];
    double u = random.nextDouble();
    return starts[category] + (int) (u * u * size);
  }

  /** The categories a user likes: one to three, popular categories liked by more users. */
  int[] preferences(int user, int[] starts) {
    SplittableRandom random = new SplittableRandom(seed * 104_729L + user);
    int[] liked = new int[1 + random.nextInt(3)];
    for (int i = 0; i < liked.length; i++) {
      liked[i] = weightedCategory(starts, items, random);
    }
    return liked;
  }

  /** The item a user turns to next: mostly one of a liked category, now and then any item. */
  int nextItem(int[] starts, int[] preferences, SplittableRandom random) {
    int category = random.nextDouble() < PREFERRED_SHARE
        ? preferences[random.nextInt(preferences.length)]
        : weightedCategory(starts, items, random);
    return itemIn(starts, category, random);
  }

  /** The centroid of a category: a random unit vector. */
  float[] centroid(int category) {
    return unit(gaussian(new Random(seed * 1_000_003L + category), 1.0, null));
  }

  /** An item's embedding: its category's centroid plus noise, normalized. */
  float[] embedding(int item, float[] centroid) {
    return unit(gaussian(new Random(seed * 7_919L + 31L * item + 1), EMBEDDING_NOISE, centroid));
  }

  /** Tags: one of the category's own five, and now and then one shared by all categories. */
  String[] tags(int item, int category, SplittableRandom random) {
    String own = "sv-t" + category + "-" + random.nextInt(5);
    if (random.nextInt(3) == 0) {
      return new String[] {own, SHARED_TAGS[random.nextInt(SHARED_TAGS.length)]};
    }
    return new String[] {own};
  }

  private static float[] gaussian(Random random, double scale, float[] around) {
    float[] v = new float[EMBEDDING_DIMENSION];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * scale) + (around == null ? 0f : around[i]);
    }
    return v;
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float inverse = (float) (1.0 / Math.sqrt(Math.max(norm, 1e-12)));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inverse;
    }
    return v;
  }
}
