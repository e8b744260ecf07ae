package io.persona.models.features;

import io.persona.models.events.EventTypes;
import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.HistoryEntry;
import io.persona.models.profile.ProfileSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Persona's feature set: user, item, user x item and context features from the live profile,
 * the catalog and the request. Declared here once; {@link FeatureSpec} does the encoding.
 */
public final class StandardFeatures {

  /**
   * @param embeddingDimension length of user and item embeddings
   * @param hashBuckets        rows of the shared embedding table for categorical ids
   * @param contextAttributes  request attribute keys that become categorical features
   * @param ctrPrior           click-through rate an item is assumed to have before evidence
   * @param ctrPriorStrength   how many impressions that assumption is worth
   * @param trainAtShownSlot   whether the trainer moves each logged row to the slot it was shown in
   *                           (the spec's slot features, see {@link FeatureSpec#placeAtSlot}); false
   *                           trains on the request's slot, as logged, and position is not learned
   * @param rawEmbeddings      whether the user's and the item's embedding coordinates are features
   *                           themselves. Off by default: ALS answers are defined up to a rotation, so
   *                           a ranker trained on one table's coordinates (or on a hold-out's own ALS,
   *                           as the ranker trained from history is) would read the next table's as
   *                           noise. The inner product and the ALS retrieval signal carry the same
   *                           preference and survive a new table.
   */
  public record Settings(int embeddingDimension, long hashBuckets, List<String> contextAttributes,
                         double ctrPrior, double ctrPriorStrength, boolean trainAtShownSlot, boolean rawEmbeddings) {
    public Settings {
      contextAttributes = List.copyOf(contextAttributes);
    }

    public Settings(int embeddingDimension, long hashBuckets, List<String> contextAttributes, double ctrPrior,
                    double ctrPriorStrength, boolean trainAtShownSlot) {
      this(embeddingDimension, hashBuckets, contextAttributes, ctrPrior, ctrPriorStrength, trainAtShownSlot, false);
    }

    public Settings(int embeddingDimension, long hashBuckets, List<String> contextAttributes, double ctrPrior,
                    double ctrPriorStrength) {
      this(embeddingDimension, hashBuckets, contextAttributes, ctrPrior, ctrPriorStrength, true);
    }

    public Settings withRawEmbeddings(boolean raw) {
      return new Settings(embeddingDimension, hashBuckets, contextAttributes, ctrPrior, ctrPriorStrength,
          trainAtShownSlot, raw);
    }

    public static Settings defaults() {
      return new Settings(16, 1 << 18, List.of(), 0.01, 100);
    }
  }

  private static final double HOURS_PER_MILLI = 1.0 / 3_600_000;
  private static final double NEVER_HOURS = 24 * 365;
  private static final long HASH_SEED = 0x5045_5253_4f4e_4131L;

  private StandardFeatures() {}

  public static FeatureSpec spec(Settings settings, ProfileSettings profileSettings) {
    List<Feature> f = new ArrayList<>();
    int dim = settings.embeddingDimension();

    // User.
    f.add(numeric("user_total_events", FeatureGroup.USER, Transform.log1p(20), s -> s.user().profile().totalEvents()));
    for (String type : List.of(EventTypes.VIEW, EventTypes.CLICK, EventTypes.ADD_TO_CART, EventTypes.PURCHASE)) {
      f.add(numeric("user_" + type + "_count", FeatureGroup.USER, Transform.log1p(20),
          s -> s.user().profile().eventCounts().getOrDefault(type, 0L)));
    }
    f.add(numeric("user_hours_since_active", FeatureGroup.USER, Transform.log1p(12),
        s -> s.user().profile().lastActivity() == null ? NEVER_HOURS
            : (s.nowMillis() - s.user().profile().lastActivity().toEpochMilli()) * HOURS_PER_MILLI));
    f.add(numeric("user_top_category_affinity", FeatureGroup.USER, Transform.signedLog1p(10),
        s -> maxValue(s.user().profile().categoryAffinities(), s)));
    f.add(numeric("user_has_embedding", FeatureGroup.USER, Transform.identity(0, 1),
        s -> s.user().embedding() == null ? 0 : 1));
    if (settings.rawEmbeddings()) {
      f.add(new Feature.Vector("user_embedding", FeatureGroup.USER, 1, dim, 10, s -> s.user().embedding()));
    }
    Feature.Categorical userTopCategory = categorical("user_top_category", FeatureGroup.USER,
        s -> topKey(s.user().profile().categoryAffinities(), s));
    f.add(userTopCategory);

    // Item.
    f.add(numeric("item_age_days", FeatureGroup.ITEM, Transform.log1p(12),
        s -> (s.nowMillis() - s.item().item().created().toEpochMilli()) / 86_400_000.0));
    f.add(numeric("item_popularity", FeatureGroup.ITEM, Transform.log1p(20), s -> s.item().stats().popularity()));
    f.add(numeric("item_impressions", FeatureGroup.ITEM, Transform.log1p(25), s -> s.item().stats().impressions()));
    f.add(numeric("item_ctr", FeatureGroup.ITEM, Transform.identity(0, 1),
        s -> s.item().stats().smoothedCtr(settings.ctrPrior(), settings.ctrPriorStrength())));
    f.add(numeric("item_tag_count", FeatureGroup.ITEM, Transform.log1p(5), s -> s.item().item().tags().size()));
    f.add(numeric("item_has_embedding", FeatureGroup.ITEM, Transform.identity(0, 1),
        s -> s.item().embedding() == null ? 0 : 1));
    if (settings.rawEmbeddings()) {
      f.add(new Feature.Vector("item_embedding", FeatureGroup.ITEM, 1, dim, 10, s -> s.item().embedding()));
    }
    f.add(categorical("item_id", FeatureGroup.ITEM, s -> s.item().item().itemId()));
    Feature.Categorical itemCategory = categorical("item_category", FeatureGroup.ITEM, s -> s.item().item().category());
    f.add(itemCategory);
    for (int i = 0; i < 3; i++) {
      int index = i;
      f.add(categorical("item_tag_" + i, FeatureGroup.ITEM,
          s -> s.item().item().tags().size() > index ? s.item().item().tags().get(index) : null));
    }

    // User x item.
    f.add(numeric("user_item_dot", FeatureGroup.CROSS, Transform.identity(-50, 50),
        s -> dot(s.user().embedding(), s.item().embedding())));
    f.add(numeric("category_affinity", FeatureGroup.CROSS, Transform.signedLog1p(10),
        s -> valueAt(s.user().profile().categoryAffinities().get(s.item().item().category()), s)));
    f.add(numeric("item_affinity", FeatureGroup.CROSS, Transform.signedLog1p(10),
        s -> valueAt(s.user().profile().itemAffinities().get(s.item().item().itemId()), s)));
    f.add(numeric("seen_before", FeatureGroup.CROSS, Transform.identity(0, 1),
        s -> s.user().lastInteraction(s.item().item().itemId()) != null
            || s.user().profile().itemAffinities().containsKey(s.item().item().itemId()) ? 1 : 0));
    f.add(numeric("hours_since_item_interaction", FeatureGroup.CROSS, Transform.log1p(12), s -> {
      HistoryEntry last = s.user().lastInteraction(s.item().item().itemId());
      return last == null ? NEVER_HOURS : (s.nowMillis() - last.timestamp().toEpochMilli()) * HOURS_PER_MILLI;
    }));

    // Retrieval: each source's score of the candidate for this user, scaled by the source's best for
    // the user (ALS can be negative). What a blend weighs with fixed shares, the network weighs per case.
    f.add(numeric("retrieval_co_occurrence", FeatureGroup.CROSS, Transform.identity(0, 1),
        s -> s.item().retrieval().coOccurrence()));
    f.add(numeric("retrieval_repeat", FeatureGroup.CROSS, Transform.identity(0, 1), s -> s.item().retrieval().repeat()));
    f.add(numeric("retrieval_popularity", FeatureGroup.CROSS, Transform.identity(0, 1),
        s -> s.item().retrieval().popularity()));
    f.add(numeric("retrieval_als", FeatureGroup.CROSS, Transform.identity(-1, 1), s -> s.item().retrieval().als()));
    f.add(numeric("retrieval_trending", FeatureGroup.CROSS, Transform.identity(0, 1),
        s -> s.item().retrieval().trending()));

    // Context.
    f.add(numeric("hour_sin", FeatureGroup.CONTEXT, Transform.identity(-1, 1),
        s -> Math.sin(2 * Math.PI * s.context().hourOfDay() / 24)));
    f.add(numeric("hour_cos", FeatureGroup.CONTEXT, Transform.identity(-1, 1),
        s -> Math.cos(2 * Math.PI * s.context().hourOfDay() / 24)));
    f.add(numeric("weekday_sin", FeatureGroup.CONTEXT, Transform.identity(-1, 1),
        s -> Math.sin(2 * Math.PI * s.context().dayOfWeek() / 7)));
    f.add(numeric("weekday_cos", FeatureGroup.CONTEXT, Transform.identity(-1, 1),
        s -> Math.cos(2 * Math.PI * s.context().dayOfWeek() / 7)));
    f.add(numeric("slot", FeatureGroup.CONTEXT, Transform.log1p(5), s -> s.context().slot()));
    f.add(numeric("seen_included", FeatureGroup.CONTEXT, Transform.identity(0, 1),
        s -> s.context().seenIncluded() ? 1 : 0));
    Feature.Categorical hour = categorical("context_hour", FeatureGroup.CONTEXT, s -> Integer.toString(s.context().hourOfDay()));
    Feature.Categorical device = categorical("context_device", FeatureGroup.CONTEXT, s -> s.context().device());
    f.add(hour);
    f.add(categorical("context_weekday", FeatureGroup.CONTEXT, s -> Integer.toString(s.context().dayOfWeek())));
    f.add(device);
    f.add(categorical("context_slot", FeatureGroup.CONTEXT, s -> Integer.toString(s.context().slot())));
    for (String key : settings.contextAttributes()) {
      f.add(categorical("context_" + key, FeatureGroup.CONTEXT, s -> s.context().attributes().get(key)));
    }

    // Explicit crosses: what a linear model needs to see interactions at all.
    f.add(new Feature.Crossed("user_top_category_x_item_category", userTopCategory, itemCategory));
    f.add(new Feature.Crossed("device_x_item_category", device, itemCategory));
    f.add(new Feature.Crossed("hour_x_item_category", hour, itemCategory));

    // the slot's two encodings are computed from the slot alone: the trainer moves a logged row to
    // the slot it was shown in (serving scores every candidate at the request's slot)
    return new FeatureSpec((settings.rawEmbeddings() ? "standard-e" : "standard-r") + dim, f, settings.hashBuckets(), HASH_SEED, profileSettings,
        settings.trainAtShownSlot() ? Set.of("slot", "context_slot") : Set.of());
  }

  private static Feature.Numeric numeric(String name, FeatureGroup group, Transform transform,
                                         java.util.function.ToDoubleFunction<FeatureSource> extractor) {
    return new Feature.Numeric(name, group, 1, transform, extractor);
  }

  private static Feature.Categorical categorical(String name, FeatureGroup group,
                                                 java.util.function.Function<FeatureSource, String> extractor) {
    return new Feature.Categorical(name, group, 1, extractor);
  }

  private static double valueAt(DecayedScore score, FeatureSource s) {
    return score == null ? 0 : score.valueAt(s.nowMillis(), s.halfLifeMillis());
  }

  private static double maxValue(Map<String, DecayedScore> scores, FeatureSource s) {
    double max = 0;
    for (DecayedScore score : scores.values()) {
      max = Math.max(max, valueAt(score, s));
    }
    return max;
  }

  /** The strongest key; ties broken by name so the choice does not depend on map order. */
  private static String topKey(Map<String, DecayedScore> scores, FeatureSource s) {
    String best = null;
    double bestValue = 0;
    for (Map.Entry<String, DecayedScore> e : scores.entrySet()) {
      double v = valueAt(e.getValue(), s);
      if (v > bestValue || (v == bestValue && best != null && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        bestValue = v;
      }
    }
    return best;
  }

  private static double dot(float[] a, float[] b) {
    if (a == null || b == null || a.length != b.length) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
