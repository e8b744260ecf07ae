package io.persona.simulations.learning;

import java.util.List;
import java.util.Map;

/**
 * What one simulated minute saw: slates served, items shown in them (impressions), clicks and
 * purchases drawn, failed requests, and which models served the slates (kind → slates).
 */
record MinuteRow(int minute, long slates, long impressions, long clicks, long purchases, long errors,
                 Map<String, Long> modelKinds, List<String> modelVersions) {

  /** Clicks per item shown; NaN for a minute that showed nothing. */
  double ctr() {
    return impressions == 0 ? Double.NaN : (double) clicks / impressions;
  }
}
