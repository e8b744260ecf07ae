package io.persona.models.learning;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one join saw, for dashboards and for checking that nothing is lost. Each count belongs to
 * exactly one owned interval, so counts of consecutive intervals add up to the counts of their
 * union.
 *
 * <p>Counted by the owned slate (served in the interval): {@code slates}, {@code impressions},
 * {@code positives}, {@code negativesKept}, {@code negativesDropped} and {@code outOfOrderOutcomes};
 * impressions = positives + negativesKept + negativesDropped. Counted by the outcome (recorded in
 * the interval): {@code outcomes}, {@code duplicateOutcomes}, {@code lateOutcomes} and
 * {@code unattributedOutcomes}.
 *
 * @param positives            impressions labelled 1 (several outcomes on one impression count once)
 * @param negativesKept        impressions labelled 0 that became examples (held-out ones included)
 * @param negativesDropped     training-stream negatives dropped by downsampling
 * @param outcomes             distinct outcomes of a positive type (copies of an event count once)
 * @param duplicateOutcomes    copies of an event recorded within a window after another copy
 * @param lateOutcomes         outcomes naming a slate served one to two windows before they were
 *                             recorded: they label nothing
 * @param outOfOrderOutcomes   outcomes that labelled an impression although the producer's clock
 *                             says the user acted before the slate was served
 * @param unattributedOutcomes outcomes that label nothing and are not late: no slate of theirs
 *                             within the window, or one that does not show their item to their user
 */
public record JoinCounts(long slates, long impressions, long positives, long negativesKept, long negativesDropped,
                         long outcomes, long duplicateOutcomes, long lateOutcomes, long outOfOrderOutcomes,
                         long unattributedOutcomes) {

  /**
   * The counts by snake_case name, in declaration order: how metrics and checkpoints store them
   * (a checkpoint keeps running sums by name and is read back as such, never as JoinCounts).
   */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("slates", slates);
    m.put("impressions", impressions);
    m.put("positives", positives);
    m.put("negatives_kept", negativesKept);
    m.put("negatives_dropped", negativesDropped);
    m.put("outcomes", outcomes);
    m.put("duplicate_outcomes", duplicateOutcomes);
    m.put("late_outcomes", lateOutcomes);
    m.put("out_of_order_outcomes", outOfOrderOutcomes);
    m.put("unattributed_outcomes", unattributedOutcomes);
    return m;
  }
}
