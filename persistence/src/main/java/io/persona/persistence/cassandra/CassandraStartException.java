package io.persona.persistence.cassandra;

/** The local Cassandra node could not be started; the message carries the tail of its log. */
public final class CassandraStartException extends RuntimeException {
  public CassandraStartException(String message) {
    super(message);
  }
}
