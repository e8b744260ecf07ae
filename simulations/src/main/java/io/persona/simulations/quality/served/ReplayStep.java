package io.persona.simulations.quality.served;

/** One step of a replay after the import, in order: live events to send, or a test user to ask. */
public sealed interface ReplayStep {

  /** Events sent live (POST /v1/events), in time order: dataset event numbers. */
  record Post(int[] events) implements ReplayStep {}

  /** Ask the recommendations of test case {@code testCase} (an index into the split's cases). */
  record Ask(int testCase) implements ReplayStep {}
}
