/**
 * Reaching Cassandra: the settings under {@code persona.cassandra}, the driver session, chunked
 * asynchronous writes, and {@link io.persona.persistence.cassandra.LocalCassandraNode}, the project's
 * one way to start (or reuse) a local Cassandra 5 node as a separate process.
 */
package io.persona.persistence.cassandra;
