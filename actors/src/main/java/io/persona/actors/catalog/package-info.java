/**
 * Each node's replica of the catalog and item embeddings (with its vector index) and how it stays
 * current: a change is written to Cassandra first, then published to every node's replica, so a node
 * that starts later loads the same state.
 */
package io.persona.actors.catalog;
