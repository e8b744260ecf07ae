package io.persona.simulations.quality;

/**
 * How one method did on one split with one seen policy, at K = {@link Evaluator#K}.
 *
 * @param light    users with at most {@link Evaluator#LIGHT_USER_EVENTS} training events
 * @param heavy    users with more
 * @param coverage distinct items shown in any list over the items of the training catalog
 * @param unscored test users left out because every relevant item was already seen (EXCLUDE), or,
 *                 for lists made elsewhere, because none was asked for
 */
public record Evaluation(MetricSummary all, MetricSummary light, MetricSummary heavy, double coverage,
                         int unscored) {}
