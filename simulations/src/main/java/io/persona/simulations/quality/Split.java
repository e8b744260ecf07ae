package io.persona.simulations.quality;

import java.util.List;

/**
 * A protocol's cut of a dataset: the events models learn from, and the users to recommend to with
 * what each did after. Every user in {@code cases} has training events.
 *
 * @param protocol {@code leave-last-out} or {@code temporal}
 */
public record Split(String protocol, TrainingSet train, List<TestCase> cases) {

  public Split {
    cases = List.copyOf(cases);
  }
}
