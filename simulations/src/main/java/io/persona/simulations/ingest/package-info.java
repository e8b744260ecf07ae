/**
 * The ingest benchmark: closed-loop HTTP producers through the whole path (ingest stream, sharded
 * entity, Cassandra journal), measured against the raw driver's insert rate on the same Cassandra
 * node.
 */
package io.persona.simulations.ingest;
