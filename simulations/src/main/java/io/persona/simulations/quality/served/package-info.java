/**
 * The quality benchmark through the running system (issue 13): a real history replayed into a
 * Persona node over its public HTTP API (import for the training part, the test period live), each
 * test user's served list scored against what they did next, next to the offline baselines of
 * {@link io.persona.simulations.quality} trained on the same events in the same run.
 */
package io.persona.simulations.quality.served;
