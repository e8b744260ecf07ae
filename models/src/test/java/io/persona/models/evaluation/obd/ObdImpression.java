package io.persona.models.evaluation.obd;

import java.time.Instant;
import java.util.List;

/**
 * One logged impression of the Open Bandit Dataset.
 *
 * @param position     1 (left), 2 (centre) or 3 (right)
 * @param propensity   probability the logging policy showed this item in this position
 * @param userFeatures the four hashed user features
 * @param affinities   the user's affinity to each item of the campaign, indexed by item id
 */
public record ObdImpression(Instant timestamp, String policy, String campaign, int itemId, int position, int click,
                            double propensity, List<String> userFeatures, double[] affinities) {

  /** Namespaced so that the same index in two campaigns is two items. */
  public String itemKey() {
    return itemKey(campaign, itemId);
  }

  public static String itemKey(String campaign, int itemId) {
    return campaign + "-" + itemId;
  }
}
