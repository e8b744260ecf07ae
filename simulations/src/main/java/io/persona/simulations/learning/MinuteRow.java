package io.persona.simulations.learning;

import java.util.List;
import java.util.Map;

/**
 * What one simulated minute saw: slates served, items shown in them (impressions), clicks and
 * purchases drawn, failed requests, which models served the slates (kind → slates), and what the
 * lists held ({@link ListMix}).
 */
record MinuteRow(int minute, long slates, long impressions, long clicks, long purchases, long errors,
                 Map<String, Long> modelKinds, List<String> modelVersions, ListMix mix) {

  /** Clicks per item shown; NaN for a minute that showed nothing. */
  double ctr() {
    return impressions == 0 ? Double.NaN : (double) clicks / impressions;
  }

  /** Shown items of their user's preferred category, per item shown; NaN for a minute that showed nothing. */
  double preferredShare() {
    return impressions == 0 ? Double.NaN : (double) mix.preferred() / impressions;
  }

  /** The lists' expected clicks over their users' best lists' (the oracle); NaN for a minute that showed nothing. */
  double shareOfBest() {
    return mix.bestClicks() == 0 ? Double.NaN : mix.expectedClicks() / mix.bestClicks();
  }
}
