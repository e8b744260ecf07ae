package io.persona.simulations.learning;

import java.util.Map;

/**
 * What the lists of one minute held, judged by the world's hidden truth: a diagnosis of why a CTR
 * is what it is. {@code preferred}: shown items of their user's preferred category; {@code
 * cheapForMobile} of {@code shownToMobile}: items tagged cheap shown to mobile users (the feature
 * cross); {@code expectedClicks}: the true click probabilities of the shown items at their slots,
 * summed (the CTR without the draws' noise); {@code bestClicks}: the same for each user's best list
 * (the oracle, per served list); per retrieval source, the slots it filled and the clicks they got.
 */
record ListMix(long preferred, long shownToMobile, long cheapForMobile, double expectedClicks, double bestClicks,
               Map<String, Long> slotsBySource, Map<String, Long> clicksBySource) {

  static final ListMix EMPTY = new ListMix(0, 0, 0, 0, 0, Map.of(), Map.of());
}
