package io.persona.models.evaluation.obd;

import io.persona.models.catalog.Item;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;
import io.persona.models.features.FeatureVector;
import io.persona.models.features.ItemInput;
import io.persona.models.features.ItemStats;
import io.persona.models.features.RequestContext;
import io.persona.models.features.StandardFeatures;
import io.persona.models.features.UserInput;
import io.persona.models.profile.DecayedScore;
import io.persona.models.profile.UserProfile;
import io.persona.models.features.LabeledExamples;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Open Bandit impressions as Persona model input, through the standard feature definition:
 *
 * <ul>
 *   <li>the user's per-item affinities become the profile's item affinities (and, summed by
 *       category, its category affinities), anchored at the impression's time;</li>
 *   <li>the four hashed user features and the campaign become request attributes;</li>
 *   <li>position 1-3 becomes slot 0-2;</li>
 *   <li>item statistics are prequential: at each impression only earlier impressions count, as
 *       they would have in a live system, so no label leaks into its own features.</li>
 * </ul>
 */
public final class ObdExamples {
  public static final List<String> CONTEXT_ATTRIBUTES = List.of("campaign", "u0", "u1", "u2", "u3");

  private ObdExamples() {}

  /** The feature settings for this data: no embeddings exist in it, the user features are context. */
  public static StandardFeatures.Settings featureSettings() {
    return new StandardFeatures.Settings(4, 1 << 16, CONTEXT_ATTRIBUTES, 0.005, 200);
  }

  /** Sorted by time, encoded; row keys are item keys. */
  public static LabeledExamples encode(FeatureSpec spec, List<ObdImpression> impressions,
                                       Map<String, Map<Integer, Item>> itemsByCampaign) {
    List<ObdImpression> ordered = new ArrayList<>(impressions);
    ordered.sort(Comparator.comparing(ObdImpression::timestamp));
    Map<String, long[]> counts = new HashMap<>();
    List<FeatureVector> rows = new ArrayList<>(ordered.size());
    List<String> keys = new ArrayList<>(ordered.size());
    int[] labels = new int[ordered.size()];
    for (int i = 0; i < ordered.size(); i++) {
      ObdImpression imp = ordered.get(i);
      Map<Integer, Item> items = itemsByCampaign.get(imp.campaign());
      Item item = items.get(imp.itemId());
      if (item == null) {
        throw new IllegalArgumentException("impression of unknown item " + imp.itemKey());
      }
      long[] c = counts.computeIfAbsent(imp.itemKey(), k -> new long[2]);
      ItemInput candidate = new ItemInput(item, new ItemStats(c[0], c[1], c[0]), null);
      rows.add(spec.encode(new UserInput(profile(imp, items), null), candidate, context(imp)));
      keys.add(imp.itemKey());
      labels[i] = imp.click();
      c[0]++;
      c[1] += imp.click();
    }
    return new LabeledExamples(FeatureBatch.of(rows, keys), labels);
  }

  static UserProfile profile(ObdImpression imp, Map<Integer, Item> items) {
    long at = imp.timestamp().toEpochMilli();
    Map<String, DecayedScore> itemAffinities = new HashMap<>();
    Map<String, Double> byCategory = new HashMap<>();
    double total = 0;
    for (int id = 0; id < imp.affinities().length; id++) {
      double a = imp.affinities()[id];
      Item item = items.get(id);
      if (a > 0 && item != null) {
        itemAffinities.put(item.itemId(), new DecayedScore(a, at));
        byCategory.merge(item.category(), a, Double::sum);
        total += a;
      }
    }
    Map<String, DecayedScore> categoryAffinities = new HashMap<>();
    byCategory.forEach((category, a) -> categoryAffinities.put(category, new DecayedScore(a, at)));
    long clicks = Math.round(total);
    return new UserProfile("obd", List.of(), clicks > 0 ? Map.of("click", clicks) : Map.of(), itemAffinities,
        categoryAffinities, clicks > 0 ? imp.timestamp() : null, clicks);
  }

  static RequestContext context(ObdImpression imp) {
    List<String> u = imp.userFeatures();
    return new RequestContext(imp.timestamp(), java.time.ZoneId.of("Asia/Tokyo"), null, imp.position() - 1,
        Map.of("campaign", imp.campaign(), "u0", u.get(0), "u1", u.get(1), "u2", u.get(2), "u3", u.get(3)));
  }
}
