package io.persona.models.synthetic;

import io.persona.models.catalog.Item;
import io.persona.models.events.UserEvent;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.FeatureVector;
import io.persona.models.features.ItemInput;
import io.persona.models.features.ItemStats;
import io.persona.models.features.RequestContext;
import io.persona.models.features.UserInput;
import io.persona.models.profile.ProfileSettings;
import io.persona.models.profile.UserProfile;
import io.persona.models.features.LabeledExamples;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Users and items with a known click model, for tests that must know the true click probability:
 *
 * <pre>
 * logit = base + interaction * u^T M v              (latent factors through a hidden bilinear map)
 *       + favourite * (0.4 + crossStrength * mobile) (category taste that matters on mobile only)
 *       - 0.15 * slot + 0.3 * quality
 * </pre>
 *
 * M is a random matrix, so the user-item dot product a linear model sees says nothing about the
 * first term, and the second is a product of a dense and a categorical input: both are
 * interactions a cross network can learn and a linear model cannot. Profiles are built through
 * {@link UserProfile#apply}, the same code the live system uses.
 */
public final class SyntheticWorld {
  private static final String[] DEVICES = {"mobile", "desktop", "tablet"};

  /**
   * @param interaction   weight of the bilinear latent term
   * @param crossStrength extra logit of a favourite category on mobile
   * @param base          intercept; sets the overall click rate
   */
  public record Settings(int users, int items, int categories, int dimension, double interaction,
                         double crossStrength, double base, long seed) {
    public static Settings defaults(int dimension) {
      return new Settings(2_000, 500, 12, dimension, 1.2, 1.5, -3.0, 42);
    }
  }

  /** One generated impression; {@code probability} is the generator's true click probability. */
  public record Impression(UserInput user, ItemInput item, RequestContext context, double probability, int label) {}

  private final Settings settings;
  private final Instant now = Instant.parse("2026-06-01T12:00:00Z");
  private final List<SyntheticUser> users = new ArrayList<>();
  private final List<SyntheticItem> items = new ArrayList<>();
  private final double[][] bilinear;

  private record SyntheticUser(UserInput input, float[] latent, Set<String> favourites, String device) {}

  private record SyntheticItem(ItemInput input, float[] latent, double quality) {}

  public SyntheticWorld(Settings settings, ProfileSettings profileSettings) {
    this.settings = settings;
    Random random = new Random(settings.seed());
    int k = settings.dimension();
    bilinear = new double[k][k];
    for (double[] row : bilinear) {
      for (int j = 0; j < k; j++) {
        row[j] = random.nextGaussian();
      }
    }
    for (int i = 0; i < settings.items(); i++) {
      float[] latent = gaussian(random, k);
      double quality = random.nextGaussian();
      String category = "c" + random.nextInt(settings.categories());
      long impressions = 200 + random.nextInt(5_000);
      double rate = 1 / (1 + Math.exp(-(settings.base() + 0.3 * quality)));
      long clicks = Math.round(impressions * rate);
      Item item = new Item("i" + i, "item " + i, category, List.of("t" + random.nextInt(30), "t" + random.nextInt(30)),
          Map.of(), true, now.minus(Duration.ofDays(1 + random.nextInt(300))));
      items.add(new SyntheticItem(new ItemInput(item, new ItemStats(impressions, clicks, impressions / 50.0), latent),
          latent, quality));
    }
    for (int u = 0; u < settings.users(); u++) {
      Set<String> favourites = new HashSet<>();
      while (favourites.size() < 2) {
        favourites.add("c" + random.nextInt(settings.categories()));
      }
      UserProfile profile = UserProfile.empty("u" + u);
      int history = random.nextInt(20);
      for (int e = 0; e < history; e++) {
        SyntheticItem seen = items.get(random.nextInt(items.size()));
        // Mostly the favourite categories, with some noise, as real histories are.
        while (!favourites.contains(seen.input().item().category()) && random.nextDouble() < 0.8) {
          seen = items.get(random.nextInt(items.size()));
        }
        Instant at = now.minus(Duration.ofMinutes(1 + random.nextInt(60 * 24 * 14)));
        UserEvent event = new UserEvent("e" + u + "-" + e, "u" + u, random.nextDouble() < 0.3 ? "click" : "view",
            seen.input().item().itemId(), at, null, null, Map.of());
        profile = profile.apply(event, seen.input().item().category(), profileSettings);
      }
      float[] latent = gaussian(random, k);
      users.add(new SyntheticUser(new UserInput(profile, latent), latent, favourites, DEVICES[random.nextInt(DEVICES.length)]));
    }
  }

  public Instant now() {
    return now;
  }

  public List<ItemInput> items() {
    return items.stream().map(SyntheticItem::input).toList();
  }

  /** {@code n} impressions of random items to random users; the same seed gives the same sample. */
  public List<Impression> sample(int n, long seed) {
    Random random = new Random(seed);
    List<Impression> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SyntheticUser user = users.get(random.nextInt(users.size()));
      SyntheticItem item = items.get(random.nextInt(items.size()));
      String device = random.nextDouble() < 0.7 ? user.device() : DEVICES[random.nextInt(DEVICES.length)];
      Instant at = now.plus(Duration.ofSeconds(random.nextInt(86_400)));
      RequestContext context = new RequestContext(at, null, device, random.nextInt(10), Map.of());
      double p = probability(user, item, context);
      out.add(new Impression(user.input(), item.input(), context, p, random.nextDouble() < p ? 1 : 0));
    }
    return out;
  }

  /** The impressions encoded by {@code spec}, the way serving would encode them. */
  public static LabeledExamples encode(FeatureSpec spec, List<Impression> impressions) {
    List<FeatureVector> rows = new ArrayList<>(impressions.size());
    List<String> keys = new ArrayList<>(impressions.size());
    int[] labels = new int[impressions.size()];
    for (int i = 0; i < impressions.size(); i++) {
      Impression imp = impressions.get(i);
      rows.add(spec.encode(imp.user(), imp.item(), imp.context()));
      keys.add(imp.item().item().itemId());
      labels[i] = imp.label();
    }
    return new LabeledExamples(FeatureBatch.of(rows, keys), labels);
  }

  private double probability(SyntheticUser user, SyntheticItem item, RequestContext context) {
    double bilinearTerm = 0;
    for (int i = 0; i < user.latent().length; i++) {
      for (int j = 0; j < item.latent().length; j++) {
        bilinearTerm += user.latent()[i] * bilinear[i][j] * item.latent()[j];
      }
    }
    double favourite = user.favourites().contains(item.input().item().category()) ? 1 : 0;
    double mobile = "mobile".equals(context.device()) ? 1 : 0;
    double logit = settings.base() + settings.interaction() * bilinearTerm
        + favourite * (0.4 + settings.crossStrength() * mobile)
        - 0.15 * context.slot() + 0.3 * item.quality();
    return 1 / (1 + Math.exp(-logit));
  }

  private static float[] gaussian(Random random, int k) {
    float[] v = new float[k];
    double scale = 1 / Math.sqrt(k);
    for (int i = 0; i < k; i++) {
      v[i] = (float) (random.nextGaussian() * scale);
    }
    return v;
  }
}
