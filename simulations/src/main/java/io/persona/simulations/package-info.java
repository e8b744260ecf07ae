/**
 * What every benchmark shares: the HTTP client that talks to a node (resending idempotent writes
 * while the node asks for it) and the machine description each results file records.
 */
package io.persona.simulations;
