/**
 * The retraining loop's tables: the outcome log, the labelled training examples and the stream
 * jobs' offsets. Both logs are partitioned by (UTC hour, shard of a row key), so a repeated write
 * overwrites instead of duplicating and a time range is read back partition by partition; instants
 * keep their nanoseconds.
 */
package io.persona.persistence.learning;
