/**
 * Who may call the public API: producer API keys (stored as hashes of their secrets) and the
 * secrets the cluster shares, in Cassandra.
 */
package io.persona.persistence.access;
