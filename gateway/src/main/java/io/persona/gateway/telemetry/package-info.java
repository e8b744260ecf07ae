/**
 * Kamon for the node's JVM: started before the actor system (its agent instruments Pekko as it
 * loads), scraped by {@code GET /metrics}, and stopped with the last node of the JVM.
 */
package io.persona.gateway.telemetry;
