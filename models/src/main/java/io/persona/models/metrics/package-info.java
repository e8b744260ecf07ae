/**
 * Offline quality measures: AUC, log-loss and normalized entropy of click predictions, HR, NDCG
 * and MRR at K of ranked lists, reliability tables, and off-policy estimates of a new policy from
 * logs of the current one. Plain functions of arrays; the online telemetry (Kamon) is elsewhere.
 */
package io.persona.models.metrics;
