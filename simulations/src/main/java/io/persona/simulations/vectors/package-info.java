/**
 * The nearest-neighbour step of retrieval measured alone: exact search over a contiguous copy of the
 * vectors against Lucene's HNSW graph, latency under JMH and the graph's recall against exact search.
 */
package io.persona.simulations.vectors;
