package io.persona.models.metrics;

/**
 * An off-policy estimate with the one diagnostic that says whether to trust it.
 *
 * @param value the estimated mean reward of the target policy
 * @param effectiveSampleSize (Σ w)² / Σ w²: roughly how many on-policy samples the weighted log is
 *     worth. It equals n when every weight is equal and collapses towards 1 when a few large
 *     weights dominate, which is when IPS-style estimates become noise. 0 when every weight is 0.
 */
public record OffPolicyEstimate(double value, double effectiveSampleSize) {}
