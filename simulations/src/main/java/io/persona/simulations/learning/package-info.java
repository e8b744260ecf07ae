/**
 * The closed-loop user simulator: virtual users with hidden tastes ask a running node for lists
 * and click with their true probability, minute by minute, so the learning loop's lift over the
 * popularity baseline and its freshness can be measured.
 */
package io.persona.simulations.learning;
