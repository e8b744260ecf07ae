/**
 * Persona nodes as separate JVMs, started as an operator starts them (packaged gateway, profile
 * {@code cluster}, {@code PERSONA_...} variables): the one launcher of the scale-out benchmark and of
 * the multi-node tests in tests/, with kill, graceful stop and log tails.
 */
package io.persona.simulations.node;
