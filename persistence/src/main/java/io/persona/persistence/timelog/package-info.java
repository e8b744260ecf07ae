/**
 * What the time-ordered logs share (the prediction log, the outcome log, the training examples):
 * rows partitioned by (UTC hour, shard) and read back by time range, their TTL and shard settings,
 * instants stored to the nanosecond, and the layout of a feature-vector cell.
 */
package io.persona.persistence.timelog;
