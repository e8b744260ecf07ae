/**
 * The live operator dashboard at {@code /dashboard}: a page served from the jar (its charts from
 * the uPlot webjar, nothing from a CDN) and a server-sent event stream behind the operator key
 * ({@code /v1/admin/dashboard/stream}) that sends, every second, what the node sees: the cluster,
 * its traffic (from its own metrics), the model registry and the learning loop's offsets.
 */
package io.persona.gateway.dashboard;
