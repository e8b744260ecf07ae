/**
 * The scale-out benchmark: ingest and recommendation throughput with one node and then two over
 * the same Cassandra node, waiting for the shards to rebalance before measuring again.
 */
package io.persona.simulations.scale;
