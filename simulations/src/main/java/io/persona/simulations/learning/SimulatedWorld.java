package io.persona.simulations.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A catalog and a population with hidden preferences, and the true probability that a user clicks
 * an item shown at a position:
 *
 * <pre>
 *   P(click | u, i, p) = sigmoid(BIAS + A·(u·v_i) + B·[category(i) = preferred(u)]
 *                                + C·[device(u) = mobile ∧ "cheap" ∈ tags(i)]) · positionDecay(p)
 * </pre>
 *
 * Latent factors for what collaborative signals can learn, and two feature crosses for what a
 * ranker over user, item and context features can learn. The constants are calibrated (see
 * SimulatedWorldTest) so that a slate of random items is clicked ~2-3 % of the time and a slate of
 * a user's ten best items, best first, ~25-35 %: a wide enough gap for learning to show.
 * Everything is drawn from the seed, so two runs with one seed face the same world.
 */
public final class SimulatedWorld {
  static final int DIMENSION = 8;
  static final double BIAS = -4.1;
  static final double A = 3.0;
  static final double B = 2.0;
  static final double C = 1.5;
  /** How far an item's latent vector strays from its category's: categories overlap a little. */
  static final double ITEM_SPREAD = 0.6;
  static final double CHEAP_SHARE = 0.25;
  static final double MOBILE_SHARE = 0.5;
  static final int TAGS_PER_CATEGORY = 4;

  private final WorldSettings settings;
  private final List<WorldItem> items;
  private final List<WorldUser> users;
  /** Each user's best list's expected clicks, by user, shift and k: asked for every served list. */
  private final Map<String, Double> bestClicks = new ConcurrentHashMap<>();

  public SimulatedWorld(WorldSettings settings) {
    this.settings = settings;
    Random random = new Random(settings.seed());
    float[][] centroids = new float[settings.categories()][];
    for (int c = 0; c < centroids.length; c++) {
      centroids[c] = unit(gaussian(random, 1.0, null));
    }
    List<WorldItem> itemList = new ArrayList<>(settings.items());
    for (int i = 0; i < settings.items(); i++) {
      int category = i % settings.categories();
      List<String> tags = new ArrayList<>(2);
      tags.add(categoryId(category) + "-t" + random.nextInt(TAGS_PER_CATEGORY));
      if (random.nextDouble() < CHEAP_SHARE) {
        tags.add(WorldItem.CHEAP);
      }
      itemList.add(new WorldItem("ls-i" + i, "Item " + i + " of " + categoryId(category), category,
          List.copyOf(tags), unit(gaussian(random, ITEM_SPREAD, centroids[category]))));
    }
    List<WorldUser> userList = new ArrayList<>(settings.users());
    for (int u = 0; u < settings.users(); u++) {
      userList.add(new WorldUser("ls-u" + u, unit(gaussian(random, 1.0, null)),
          random.nextInt(settings.categories()),
          random.nextDouble() < MOBILE_SHARE ? WorldUser.MOBILE : WorldUser.DESKTOP));
    }
    this.items = List.copyOf(itemList);
    this.users = List.copyOf(userList);
  }

  public WorldSettings settings() {
    return settings;
  }

  public List<WorldItem> items() {
    return items;
  }

  public List<WorldUser> users() {
    return users;
  }

  public static String categoryId(int category) {
    return "ls-c" + category;
  }

  /** The true probability that {@code user} clicks {@code item} shown at {@code position} (0 = first). */
  public double clickProbability(WorldUser user, WorldItem item, int position) {
    return clickProbability(user, item, position, false);
  }

  /**
   * As {@link #clickProbability(WorldUser, WorldItem, int)}, in a world whose tastes have shifted
   * when {@code shifted}: each user prefers the category half-way round from the old one and has
   * the opposite latent taste. The same users, items and click rates on average, other clicks:
   * what the loop learned is wrong, while the features it sees change only as the clicks do.
   */
  public double clickProbability(WorldUser user, WorldItem item, int position, boolean shifted) {
    int preferred = preferredCategory(user, shifted);
    double taste = dot(user.latent(), item.latent());
    double logit = BIAS + A * (shifted ? -taste : taste)
        + (item.category() == preferred ? B : 0)
        + (user.mobile() && item.cheap() ? C : 0);
    return positionDecay(position) / (1 + Math.exp(-logit));
  }

  /** The category {@code user} prefers, before or after the shift. */
  public int preferredCategory(WorldUser user, boolean shifted) {
    return shifted ? (user.preferredCategory() + settings.categories() / 2) % settings.categories()
        : user.preferredCategory();
  }

  /**
   * What each user's best k items hold, over all users: {@code [0]} the share in the user's
   * preferred category, {@code [1]} the share tagged cheap in mobile users' best lists (NaN without
   * mobile users).
   */
  public double[] bestListShares(int k) {
    long preferred = 0;
    long shown = 0;
    long cheap = 0;
    long mobileShown = 0;
    for (WorldUser user : users) {
      for (WorldItem item : bestItems(user, k, false)) {
        shown++;
        preferred += item.category() == user.preferredCategory() ? 1 : 0;
        if (user.mobile()) {
          mobileShown++;
          cheap += item.cheap() ? 1 : 0;
        }
      }
    }
    return new double[] {(double) preferred / shown, mobileShown == 0 ? Double.NaN : (double) cheap / mobileShown};
  }

  /** The expected clicks on {@code user}'s best list of k items, best first, before or after the shift. */
  public double bestSlateClicks(WorldUser user, int k, boolean shifted) {
    return bestClicks.computeIfAbsent(user.userId() + (shifted ? "/shifted/" : "/") + k, key -> {
      List<WorldItem> best = bestItems(user, k, shifted);
      double clicks = 0;
      for (int p = 0; p < best.size(); p++) {
        clicks += clickProbability(user, best.get(p), p, shifted);
      }
      return clicks;
    });
  }

  /** {@code user}'s k items most likely clicked, best first: the oracle's list. */
  private List<WorldItem> bestItems(WorldUser user, int k, boolean shifted) {
    double[] probability = new double[items.size()];
    Integer[] order = new Integer[items.size()];
    for (int i = 0; i < probability.length; i++) {
      probability[i] = clickProbability(user, items.get(i), 0, shifted);
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -probability[i]));
    List<WorldItem> best = new ArrayList<>(Math.min(k, order.length));
    for (int p = 0; p < Math.min(k, order.length); p++) {
      best.add(items.get(order[p]));
    }
    return best;
  }

  /** Attention falls along the list: the tenth slot is looked at about a third as often as the first. */
  public static double positionDecay(int position) {
    return 1.0 / (1.0 + 0.2 * position);
  }

  /** The expected CTR of a slate of k items drawn at random, over all users: the floor. */
  public double randomSlateCtr(int k) {
    double sum = 0;
    for (WorldUser user : users) {
      for (WorldItem item : items) {
        sum += clickProbability(user, item, 0);
      }
    }
    return sum / ((double) users.size() * items.size()) * meanDecay(k);
  }

  /** The expected CTR of each user's k best items, best first, over all users: the ceiling. */
  public double bestSlateCtr(int k) {
    double sum = 0;
    for (WorldUser user : users) {
      sum += bestSlateCtr(user, k);
    }
    return sum / users.size();
  }

  double bestSlateCtr(WorldUser user, int k) {
    return bestSlateClicks(user, k, false) / k;
  }

  private static double meanDecay(int k) {
    double sum = 0;
    for (int p = 0; p < k; p++) {
      sum += positionDecay(p);
    }
    return sum / k;
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static float[] gaussian(Random random, double scale, float[] around) {
    float[] v = new float[DIMENSION];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * scale) + (around == null ? 0f : around[i]);
    }
    return v;
  }

  private static float[] unit(float[] v) {
    double norm = Math.sqrt(dot(v, v));
    float inverse = (float) (1.0 / Math.max(norm, 1e-12));
    float[] out = Arrays.copyOf(v, v.length);
    for (int i = 0; i < out.length; i++) {
      out[i] *= inverse;
    }
    return out;
  }
}
