/**
 * A served list as the prediction log keeps it: {@link io.persona.models.slate.ServedSlate} with
 * one {@link io.persona.models.slate.ServedItem} per position (source, scores, propensity, the
 * feature values as scored), and {@link io.persona.models.slate.SlateLog}, the non-blocking hand-off
 * serving writes them to.
 */
package io.persona.models.slate;
