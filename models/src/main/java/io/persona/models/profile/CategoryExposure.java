package io.persona.models.profile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How often each category was shown to one user in served lists, and how often the user clicked
 * an item of it from one: the user's click rate per category, which the profile's affinities
 * cannot give. An affinity counts clicks only, so it follows exposure: a category shown twenty
 * times as often collects more clicks than the one the user prefers at five times the click rate,
 * and lists ordered by affinities keep showing it (README, Learning loop: "What the lists hold").
 *
 * <p>Held by the user's entity while it runs and never persisted: a served list is not an event of
 * the user's, and writing one per request would double the journal's writes. A restarted or
 * passivated entity starts again from {@link #NONE}, which reads as "no evidence" (lift 1). The
 * ranker's rows log the values they were scored with, so training sees what serving saw.
 *
 * @param shown        items shown per category
 * @param clicked      clicks per category on items of served lists (events that name a requestId)
 * @param totalShown   items shown, all categories
 * @param totalClicked clicks, all categories
 */
public record CategoryExposure(Map<String, Long> shown, Map<String, Long> clicked, long totalShown,
                               long totalClicked) {

  public static final CategoryExposure NONE = new CategoryExposure(Map.of(), Map.of(), 0, 0);
  /** Categories counted per user: a catalog's categories beyond it are not counted for that user. */
  public static final int MAX_CATEGORIES = 200;
  /** Impressions a category's own rate is shrunk toward the user's overall rate with. */
  static final double CATEGORY_PRIOR_IMPRESSIONS = 10;
  /** A user's overall click rate before evidence, and the impressions that assumption is worth. */
  static final double USER_PRIOR_RATE = 0.05;
  static final double USER_PRIOR_IMPRESSIONS = 20;
  /** {@link #logLift} is bounded to ± this: a lift of e^3 ≈ 20 is as strong as evidence gets. */
  public static final double MAX_LOG_LIFT = 3;

  public CategoryExposure {
    shown = Map.copyOf(shown);
    clicked = Map.copyOf(clicked);
  }

  /** After a served list showing items of these categories (one entry per item, null for none). */
  public CategoryExposure withShown(List<String> categories) {
    Map<String, Long> counts = new HashMap<>(shown);
    long added = 0;
    for (String category : categories) {
      if (category == null || (!counts.containsKey(category) && counts.size() >= MAX_CATEGORIES)) {
        continue;
      }
      counts.merge(category, 1L, Long::sum);
      added++;
    }
    return added == 0 ? this : new CategoryExposure(counts, clicked, totalShown + added, totalClicked);
  }

  /** After a click on an item of {@code category} from a served list; a category never shown is not counted. */
  public CategoryExposure withClick(String category) {
    if (category == null || !shown.containsKey(category)) {
      return this;
    }
    Map<String, Long> counts = new HashMap<>(clicked);
    counts.merge(category, 1L, Long::sum);
    return new CategoryExposure(shown, counts, totalShown, totalClicked + 1);
  }

  /** Items of {@code category} shown to the user. */
  public long shownOf(String category) {
    return category == null ? 0 : shown.getOrDefault(category, 0L);
  }

  /**
   * The natural log of the user's click rate on {@code category} over their click rate on
   * everything shown, each shrunk toward a prior: 0 without evidence, positive for a category
   * the user clicks more often than the rest per item shown, bounded to ±{@value #MAX_LOG_LIFT}.
   */
  public double logLift(String category) {
    long categoryShown = shownOf(category);
    if (categoryShown == 0) {
      return 0;
    }
    double userRate = (totalClicked + USER_PRIOR_RATE * USER_PRIOR_IMPRESSIONS) / (totalShown + USER_PRIOR_IMPRESSIONS);
    double categoryRate = (clicked.getOrDefault(category, 0L) + CATEGORY_PRIOR_IMPRESSIONS * userRate)
        / (categoryShown + CATEGORY_PRIOR_IMPRESSIONS);
    double lift = Math.log(categoryRate / userRate);
    return Math.max(-MAX_LOG_LIFT, Math.min(MAX_LOG_LIFT, lift));
  }
}
