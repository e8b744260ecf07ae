/**
 * The prediction log in Cassandra: every served slate with its items' feature vectors (the
 * {@link io.persona.persistence.predictions.FeatureVectorBlob} format), partitioned by UTC hour and
 * a shard of the request id, and read back by serving time to join with outcomes.
 */
package io.persona.persistence.predictions;
