/**
 * The import benchmark: a slice of the UCI Online Retail history imported through the bulk
 * endpoints into a node with Cassandra on the same machine, in events per second.
 */
package io.persona.simulations.imports;
