package io.persona.persistence.schema;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits until the Cassandra nodes the driver sees up agree on one schema version. A table created
 * or altered through one coordinator reaches the others by gossip; a statement prepared meanwhile
 * on a node that has not seen it fails ("unconfigured table", "undefined column"). The driver
 * already waits a while after each schema change and says whether agreement came
 * ({@code ExecutionInfo.isSchemaInAgreement}); this goes on asking where it did not, up to a
 * deadline, and then fails the start with the reason instead of letting repositories prepare
 * against a split schema.
 */
final class SchemaAgreement {
  private final BooleanSupplier agreed;
  private final Duration timeout;
  private final Duration poll;

  /**
   * @param agreed  one check of the nodes' schema versions ({@code CqlSession::checkSchemaAgreement})
   * @param timeout how long to keep asking
   * @param poll    the pause between two checks
   */
  SchemaAgreement(BooleanSupplier agreed, Duration timeout, Duration poll) {
    this.agreed = agreed;
    this.timeout = timeout;
    this.poll = poll;
  }

  /**
   * Returns once the nodes agree; {@code afterWhat} names the change in the error.
   *
   * @throws IllegalStateException when they still disagree after the timeout
   */
  void await(String afterWhat) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!agreed.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException("The Cassandra nodes did not agree on the schema within " + timeout
            + " after " + afterWhat + ": check that every node is up and reachable (nodetool describecluster"
            + " lists the schema versions), then start again; the migrations are idempotent");
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for schema agreement after " + afterWhat, e);
      }
    }
  }
}
