package io.persona.persistence.schema;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger log = LoggerFactory.getLogger(SchemaAgreement.class);

  private final BooleanSupplier agreed;
  private final Duration timeout;
  private final Duration poll;

  /**
   * @param agreed  one check of the nodes' schema versions ({@code CqlSession::checkSchemaAgreement}, which
   *                itself keeps asking up to the driver's own agreement timeout before it answers no)
   * @param timeout how long to keep asking; a check begun before it ends may run on past it
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
    while (!check(afterWhat)) {
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

  /** One check; a check that fails (the control connection lost meanwhile) counts as "not yet". */
  private boolean check(String afterWhat) {
    try {
      return agreed.getAsBoolean();
    } catch (RuntimeException e) {
      log.warn("Checking schema agreement after {} failed; asking again: {}", afterWhat, e.toString());
      return false;
    }
  }
}
