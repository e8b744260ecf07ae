/**
 * The item catalog and the trained item embeddings in Cassandra, the embeddings' byte format, and
 * the node-local cache that answers an item's category for every ingested event.
 */
package io.persona.persistence.catalog;
